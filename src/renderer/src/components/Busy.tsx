// What a slow action shows while it is under way: <Busy/> is a spinner and a sentence (a polite
// status for screen readers); <BusyButton/> is a button that says what it is doing, is disabled and
// aria-busy until the action settles. Use with hooks/use-busy.ts.
import type { ButtonHTMLAttributes, ReactNode } from 'react';

export function Busy({ label, small = false, testId }: { label: ReactNode; small?: boolean; testId?: string }) {
  return (
    <span className={`progress${small ? ' small' : ''}`} role="status" data-testid={testId}>
      <span className={`spinner${small ? ' spinner-small' : ''}`} aria-hidden="true" />
      {label}
    </span>
  );
}

type ButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children' | 'type'>;

interface BusyButtonProps extends ButtonProps {
  readonly busy: boolean;
  /** What the button says while busy, e.g. "Resuming…". */
  readonly busyLabel: ReactNode;
  readonly children: ReactNode;
  readonly type?: 'button' | 'submit';
}

export function BusyButton({ busy, busyLabel, children, disabled, className = 'btn', type = 'button', ...rest }: BusyButtonProps) {
  const small = className.split(/\s+/).includes('btn-small');
  return (
    <button {...rest} type={type} className={className} disabled={busy || disabled} aria-busy={busy}>
      {busy && <span className={`spinner${small ? ' spinner-small' : ''}`} aria-hidden="true" />}
      {busy ? busyLabel : children}
    </button>
  );
}
