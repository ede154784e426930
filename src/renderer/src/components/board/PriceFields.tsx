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
      <PriceField id={id} side="input" value={input} describedBy={describedBy} onChange={(v) => change(v, output)} suffix="in" />
      <PriceField side="output" value={output} describedBy={describedBy} onChange={(v) => change(input, v)} suffix="out, per 1M tokens" />
    </div>
  );
}

interface FieldProps {
  readonly id?: string;
  readonly side: 'input' | 'output';
  readonly value: string;
  readonly describedBy: string | undefined;
  readonly onChange: (value: string) => void;
  readonly suffix: string;
}

/** One of the two dollar fields: the price of a million input or output tokens. */
function PriceField({ id, side, value, describedBy, onChange, suffix }: FieldProps) {
  return (
    <label className="price-field">
      <span>$</span>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={0}
        step="any"
        className="mono"
        data-testid={`builtin-price-${side}`}
        value={value}
        placeholder={side}
        aria-label={`Price of a million ${side} tokens`}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      <span className="muted">{suffix}</span>
    </label>
  );
}
