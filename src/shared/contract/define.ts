// The whole contract "framework": a call has a zod input and output, an event a zod payload.
import { z } from 'zod';

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

/**
 * A string without NUL bytes. Text that reaches argv, git, file names or commit messages is cut at a
 * NUL or refused by the OS or git halfway through an operation, so it is refused at the boundary.
 */
export const nulFreeString = () => z.string().refine((s) => !s.includes('\0'), 'contains a NUL byte');
