// The "← Board" / "← Back" button at the head of every panel (review, compare, trash, getting started):
// closes the panel, as Escape does.
import { closePanel } from '../actions/panel-actions';
import { useServices } from '../app-services';

export function PanelBack({ label }: { label: 'Board' | 'Back' }) {
  const services = useServices();
  return (
    <button
      type="button"
      className="btn btn-ghost btn-small"
      data-testid="panel-back"
      onClick={() => closePanel(services)}
      title={label === 'Board' ? 'Back to the board (Esc)' : 'Back (Esc)'}
    >
      {'\u2190'} {label}
    </button>
  );
}
