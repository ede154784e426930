// The whole contract "framework": a call has a zod input and output, an event a zod payload.
import type { z } from 'zod';

export interface CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'call';
  readonly input: I;
  readonly output: O;
}
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly payload: P;
}

export const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): CallSpec<I, O> => ({
  kind: 'call',
  input,
  output,
});
export const event = <P extends z.ZodType>(payload: P): EventSpec<P> => ({ kind: 'event', payload });
