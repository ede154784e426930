// Shown once the transport closed: nothing works until the page is reloaded.
export function DisconnectedBanner() {
  return (
    <div className="banner banner-error" role="alert" data-testid="disconnected-banner">
      <span>Disconnected from Switchyard {'\u2014'} reload to reconnect</span>
      <button type="button" className="btn btn-small" onClick={() => location.reload()}>
        Reload
      </button>
    </div>
  );
}
