import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';

/** The tokenizer of every token budget and bench figure: OpenAI's o200k_base, from gpt-tokenizer. */
export const TOKENIZER = 'o200k_base';

/** Tokens of a text as a model reads it. */
export function countTokens(text: string): number {
  return countO200k(text);
}
