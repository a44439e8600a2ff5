// Telegram MarkdownV2 treats these characters as markup anywhere in the text; an unescaped "." or
// "-" in a client's name makes the whole message fail with 400 "can't parse entities".
// https://core.telegram.org/bots/api#markdownv2-style
const SPECIAL = /[_*[\]()~`>#+\-=|{}.!\\]/g;

export function escapeMarkdownV2(text: string): string {
  return text.replace(SPECIAL, (char) => `\\${char}`);
}

/** Bold text, escaped. */
export function boldMarkdownV2(text: string): string {
  return `*${escapeMarkdownV2(text)}*`;
}
