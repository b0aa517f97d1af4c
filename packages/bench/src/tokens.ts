import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';

/** The tokenizer every figure uses: OpenAI's o200k_base (GPT-4o and later), from gpt-tokenizer. */
export const TOKENIZER = 'o200k_base';

export function countTokens(text: string): number {
  return countO200k(text);
}

/** Tokens of a value as a client would serialize it for the model: compact JSON. */
export function countJsonTokens(value: unknown): number {
  return countTokens(JSON.stringify(value));
}
