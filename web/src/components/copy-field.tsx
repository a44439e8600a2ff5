// A read-only value with a copy button, for invite links and API tokens shown once.
import { useId, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

export function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useI18n();
  const id = useId();
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // The clipboard API needs a secure context; fall back to selecting the text for Ctrl+C.
      const input = document.getElementById(id);
      if (input instanceof HTMLInputElement) input.select();
      return;
    }
    setCopied(true);
    window.setTimeout(() => setCopied(false), 2000);
  }

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-field">
        <input id={id} className="input mono" readOnly value={value} onFocus={(event) => event.currentTarget.select()} />
        <button type="button" className="button" onClick={copy}>{copied ? t('common.copied') : t('common.copy')}</button>
      </div>
    </div>
  );
}
