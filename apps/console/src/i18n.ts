/**
 * The console's own message dictionary (Chinese first, English second) and the language context.
 * antd's component texts come from its locale packs (set in main.tsx); everything we write
 * ourselves is in the i18n-*.ts files, one per area, spread together here. The choice is kept in
 * localStorage under `lianluo.lang`.
 */
import {
  createContext,
  createElement,
  type ReactNode,
  useCallback,
  useContext,
  useMemo,
  useState,
} from 'react';
import { calendarEn, calendarZh } from './i18n-calendar.ts';
import { casePagesEn, casePagesZh } from './i18n-case-pages.ts';
import { casesEn, casesZh } from './i18n-cases.ts';
import { type CodeGroup, codeLabelsEn, codeLabelsZh } from './i18n-codes.ts';
import { coreEn, coreZh } from './i18n-core.ts';
import { insightEn, insightZh } from './i18n-insight.ts';
import { networkEn, networkZh } from './i18n-network.ts';
import { open311En, open311Zh } from './i18n-open311.ts';
import { contactEn, contactZh, inboxEn, inboxZh, settingsEn, settingsZh } from './i18n-settings.ts';

export type Lang = 'zh-CN' | 'en-US';

const zh = {
  ...coreZh,
  ...casesZh,
  ...casePagesZh,
  ...insightZh,
  ...networkZh,
  ...open311Zh,
  ...calendarZh,
  ...settingsZh,
  ...inboxZh,
  ...contactZh,
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  ...coreEn,
  ...casesEn,
  ...casePagesEn,
  ...insightEn,
  ...networkEn,
  ...open311En,
  ...calendarEn,
  ...settingsEn,
  ...inboxEn,
  ...contactEn,
};

export { codesOf } from './i18n-codes.ts';

const dictionaries: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, 'en-US': en };

const STORAGE_KEY = 'lianluo.lang';

function readStoredLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'en-US' || v === 'zh-CN') return v;
  } catch {
    // storage unavailable (private mode): fall back to Chinese
  }
  return 'zh-CN';
}

/** Translate without React (for code outside components). */
function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  let s: string = dictionaries[lang][key] ?? zh[key] ?? key;
  if (params) {
    for (const [k, v] of Object.entries(params)) s = s.replaceAll(`{${k}}`, String(v));
  }
  return s;
}

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /** Label of a coded value, preferring the server's (Chinese) label in Chinese. */
  label: (group: CodeGroup, code: string | null | undefined, serverLabel?: string | null) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(readStoredLang);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // ignore: the choice then lasts for this page only
    }
    document.documentElement.lang = next;
  }, []);

  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, params) => translate(lang, key, params),
      label: (group, code, serverLabel) => {
        if (!code) return serverLabel ?? '';
        if (lang === 'zh-CN') return serverLabel || codeLabelsZh[group][code] || code;
        return codeLabelsEn[group][code] || serverLabel || code;
      },
    }),
    [lang, setLang],
  );

  return createElement(I18nContext.Provider, { value }, children);
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
