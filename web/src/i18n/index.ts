// The language of the portal: zh-TW by default, English as a switch kept
// with the account on the server (PATCH /api/v1/session) and in this
// browser until then.
import { en } from './en';
import { zhTW, type MessageKey, type Messages } from './zh-TW';

export type Lang = 'zh-TW' | 'en';
export const LANGS: Lang[] = ['zh-TW', 'en'];
export const catalogues: Record<Lang, Messages> = { 'zh-TW': zhTW, en };

let current: Lang = 'zh-TW';

export function isLang(s: unknown): s is Lang {
  return s === 'zh-TW' || s === 'en';
}

export function lang(): Lang {
  return current;
}

/** The value of <html lang> for a language. */
export function htmlLang(l: Lang): string {
  return l === 'zh-TW' ? 'zh-Hant-TW' : 'en';
}

export function setLang(l: Lang): void {
  current = l;
  if (typeof document !== 'undefined') document.documentElement.lang = htmlLang(l);
}

/** The message key in language l with {name} replaced from params. */
export function translate(l: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const text = catalogues[l][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(current, key, params);
}

/** A vocabulary code of the API (asset, impact, category...) as a message, never raw. */
export function vocab(prefix: string, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return t('common.none');
  const key = `${prefix}.${code}` as MessageKey;
  return key in catalogues[current] ? t(key) : code;
}

export type { MessageKey };
