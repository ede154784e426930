// Find in one terminal's scrollback (@xterm/addon-search, loaded on first use), with the matches
// highlighted in the theme's colours and the result count reported to the terminal's view.
import { SearchAddon, type ISearchOptions } from '@xterm/addon-search';
import type { ITheme, Terminal } from '@xterm/xterm';
import type { TerminalView } from './terminal-views';

export class ScrollbackSearch {
  private addon: SearchAddon | undefined;

  constructor(
    private readonly term: Terminal,
    private readonly report: (search: TerminalView['search']) => void,
  ) {}

  /** Finds `query`; false when there is no match. An empty query clears the search. */
  find(query: string, direction: 'next' | 'previous', theme: ITheme, incremental = false): boolean {
    if (!query) {
      this.clear();
      return true;
    }
    const addon = this.load();
    const match = theme.selectionBackground ?? '#3a4a6b';
    const active = theme.yellow ?? '#e3b55c';
    const options: ISearchOptions = {
      incremental,
      decorations: { matchBackground: match, activeMatchBackground: active, matchOverviewRuler: match, activeMatchColorOverviewRuler: active },
    };
    const found = direction === 'next' ? addon.findNext(query, options) : addon.findPrevious(query, options);
    if (!found) this.report({ index: -1, count: 0 });
    return found;
  }

  clear(): void {
    this.addon?.clearDecorations();
    this.term.clearSelection();
    this.report(null);
  }

  private load(): SearchAddon {
    if (!this.addon) {
      const addon = new SearchAddon();
      this.term.loadAddon(addon);
      addon.onDidChangeResults(({ resultIndex, resultCount }) => this.report({ index: resultIndex, count: resultCount }));
      this.addon = addon;
    }
    return this.addon;
  }
}
