// Ctrl/Cmd+K: every command, filtered as you type (fuzzy), with its shortcut; the ones that cannot
// run now are greyed out with the reason. Arrow keys move, Enter runs, Escape closes. A combobox
// over a listbox (aria-activedescendant), in a modal <dialog> that gives the focus back on close.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { COMMANDS, type CommandId, type CommandSpec } from '../../../../shared/commands/catalog';
import { useAppState } from '../../app-services';
import { useCommands, useCommandUi } from '../../commands/commands-context';
import { filterByQuery } from '../../commands/fuzzy';
import { PALETTE_ATTR } from '../../commands/install';
import { COMMAND_HANDLERS } from '../../commands/registry';

/** How far PageUp and PageDown move in the list. */
const PAGE_STEP = 8;

interface Item {
  readonly spec: CommandSpec & { readonly id: CommandId };
  readonly reason: string | null;
  readonly detail: string | null;
  readonly keys: string | null;
}

export function CommandPalette() {
  const center = useCommands();
  const ref = useRef<HTMLDialogElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const app = useAppState((s) => s);
  const ui = useCommandUi((s) => s);

  const items = useMemo(() => {
    const all: Item[] = COMMANDS.map((spec) => {
      const handler = COMMAND_HANDLERS[spec.id];
      const parts = center.keyParts(spec.id);
      return {
        spec,
        reason: handler.unavailable(app, ui),
        detail: handler.detail?.(app, ui) ?? null,
        keys: parts ? parts.join(center.env.platform === 'mac' ? '' : '+') : null,
      };
    });
    // What can run comes first, the palette itself last; the filter's ranking keeps that order for equal scores.
    const rank = (i: Item): number => (i.spec.id === 'palette.open' ? 2 : i.reason ? 1 : 0);
    const ordered = [...all].sort((a, b) => rank(a) - rank(b));
    return filterByQuery(ordered, query, (i) => ({ title: i.spec.title, extra: `${i.spec.category} ${i.spec.keywords ?? ''} ${i.detail ?? ''}` }));
  }, [app, ui, center, query]);
  const current = Math.min(active, Math.max(0, items.length - 1));
  const optionId = (i: number): string => `${id}-option-${i}`;

  useEffect(() => {
    const dialog = ref.current;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      if (previous?.isConnected) previous.focus();
    };
  }, []);
  useEffect(() => {
    listRef.current?.querySelector(`#${CSS.escape(optionId(current))}`)?.scrollIntoView({ block: 'nearest' });
  });

  const close = (): void => center.ui.setState({ paletteOpen: false });
  const choose = (item: Item | undefined): void => {
    if (!item || item.reason) {
      if (item) center.run(item.spec.id, 'palette'); // says why, and stays open
      return;
    }
    close();
    center.run(item.spec.id, 'palette');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    const move = (to: number): void => {
      event.preventDefault();
      if (items.length > 0) setActive((to + items.length) % items.length);
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(current + 1);
      case 'ArrowUp':
        return move(current - 1);
      case 'PageDown':
        return move(Math.min(items.length - 1, current + PAGE_STEP));
      case 'PageUp':
        return move(Math.max(0, current - PAGE_STEP));
      case 'Enter':
        event.preventDefault();
        return choose(items[current]);
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        return close();
      case 'Tab':
        event.preventDefault(); // the list is driven from the field
        return;
    }
  };

  return (
    <dialog
      ref={ref}
      className="palette"
      data-testid="command-palette"
      {...{ [PALETTE_ATTR]: '' }}
      aria-label="Command palette"
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
      onClick={(event) => event.target === ref.current && close()}
    >
      <input
        className="palette-input"
        data-testid="palette-input"
        role="combobox"
        aria-expanded="true"
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={items.length > 0 ? optionId(current) : undefined}
        aria-label="Type a command"
        placeholder={'Type a command\u2026'}
        spellCheck={false}
        autoComplete="off"
        autoFocus
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul ref={listRef} id={`${id}-list`} className="palette-list" role="listbox" aria-label="Commands">
        {items.map((item, i) => (
          <li
            key={item.spec.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            aria-disabled={item.reason !== null}
            className={`palette-item${i === current ? ' is-active' : ''}${item.reason ? ' is-disabled' : ''}`}
            data-testid="palette-item"
            data-command-id={item.spec.id}
            data-disabled={item.reason !== null}
            onMouseMove={() => i !== current && setActive(i)}
            onClick={() => choose(item)}
          >
            <span className="palette-item-main">
              <span className="palette-item-title" data-testid="palette-item-title">
                {item.spec.title}
              </span>
              {item.detail && !item.reason && <span className="palette-item-detail muted">{item.detail}</span>}
              {item.reason && (
                <span className="palette-item-reason" data-testid="palette-item-reason">
                  {item.reason}
                </span>
              )}
            </span>
            <span className="palette-item-category">{item.spec.category}</span>
            {item.keys && (
              <kbd className="palette-item-keys" data-testid="command-shortcut">
                {item.keys}
              </kbd>
            )}
          </li>
        ))}
        {items.length === 0 && (
          <li className="palette-empty muted" role="presentation">
            No command matches {'\u201c'}
            {query}
            {'\u201d'}.
          </li>
        )}
      </ul>
      <p className="palette-hint muted" aria-hidden="true">
        <kbd>{'\u2191'}</kbd>
        <kbd>{'\u2193'}</kbd> move <kbd>Enter</kbd> run <kbd>Esc</kbd> close
      </p>
    </dialog>
  );
}
