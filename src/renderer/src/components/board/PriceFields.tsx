// The built-in agent dialog's optional price per million tokens (input and output), from which the
// board estimates each run's cost. Both empty: no price (the board shows tokens only); one empty: 0.
import { useState } from 'react';
import type { BuiltinSettings } from '../../../../shared/contract';

type Price = NonNullable<BuiltinSettings['price']>;

const text = (v: number | undefined): string => (v === undefined ? '' : String(v));

/** The price the two fields describe; NaN where a field does not hold a number (the form reports it). */
export function priceOf(input: string, output: string): Price | null {
  if (input.trim() === '' && output.trim() === '') return null;
  const n = (s: string): number => (s.trim() === '' ? 0 : Number(s));
  return { inputPerMTok: n(input), outputPerMTok: n(output) };
}

interface Props {
  readonly id: string;
  readonly value: Price | null;
  readonly onChange: (price: Price | null) => void;
  readonly describedBy?: string;
}

export function PriceFields({ id, value, onChange, describedBy }: Props) {
  const [input, setInput] = useState(() => text(value?.inputPerMTok));
  const [output, setOutput] = useState(() => text(value?.outputPerMTok));
  const change = (nextInput: string, nextOutput: string): void => {
    setInput(nextInput);
    setOutput(nextOutput);
    onChange(priceOf(nextInput, nextOutput));
  };
  return (
    <div className="price-fields" role="group" aria-labelledby={`${id}-label`}>
      <label className="price-field">
        <span>$</span>
        <input
          id={id}
          type="number"
          inputMode="decimal"
          min={0}
          step="any"
          className="mono"
          data-testid="builtin-price-input"
          value={input}
          placeholder="input"
          aria-label="Price of a million input tokens"
          aria-describedby={describedBy}
          onChange={(e) => change(e.target.value, output)}
        />
        <span className="muted">in</span>
      </label>
      <label className="price-field">
        <span>$</span>
        <input
          type="number"
          inputMode="decimal"
          min={0}
          step="any"
          className="mono"
          data-testid="builtin-price-output"
          value={output}
          placeholder="output"
          aria-label="Price of a million output tokens"
          aria-describedby={describedBy}
          onChange={(e) => change(input, e.target.value)}
        />
        <span className="muted">out, per 1M tokens</span>
      </label>
    </div>
  );
}
