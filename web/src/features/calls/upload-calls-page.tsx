// Upload page for the integrator and the head of sales: several recordings or transcripts at once,
// each with its own progress bar (XMLHttpRequest upload events — fetch has no upload progress),
// then each call's pipeline status, refreshed until it settles, with a link to the call.
import { useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useApiData } from '../../components/use-api-data.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { CallStatusBadge } from './call-status-badge.tsx';
import { callsTexts, isTranscriptFile, type PipelineStatus } from './calls-texts.ts';

interface UploadItem {
  key: string;
  file: File;
  progress: number;
  state: 'queued' | 'uploading' | 'sent' | 'error';
  callId?: string;
  status?: PipelineStatus;
  errorMessage?: string | null;
  duplicate?: boolean;
}

interface Metadata { managerId: string; extension: string; clientPhone: string; startedAt: string; language: string }

const SETTLED: PipelineStatus[] = ['analysed', 'failed', 'unassigned'];

/** POST /api/v1/calls as multipart, reporting upload progress (0–1). */
export function uploadCall(file: File, meta: Metadata, onProgress: (share: number) => void): Promise<{ id: string; status: PipelineStatus; duplicate: boolean }> {
  const form = new FormData();
  form.append(isTranscriptFile(file.name) ? 'transcript' : 'recording', file, file.name);
  if (meta.managerId) form.append('manager_id', meta.managerId);
  if (meta.extension) form.append('manager_extension', meta.extension);
  if (meta.clientPhone) form.append('client_phone', meta.clientPhone);
  if (meta.startedAt) form.append('started_at', new Date(meta.startedAt).toISOString());
  if (meta.language) form.append('language', meta.language);
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/v1/calls');
    request.withCredentials = true;
    request.setRequestHeader('accept', 'application/json');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onerror = () => reject(new ApiError(0, 'network', 'Network error'));
    request.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = undefined;
      }
      if (request.status === 202) return resolve(body as { id: string; status: PipelineStatus; duplicate: boolean });
      const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
      reject(new ApiError(request.status, error?.code ?? `http.${request.status}`, error?.message ?? `HTTP ${request.status}`));
    };
    request.send(form);
  });
}

export function UploadCallsPage({ callPath = (id: string) => `/calls/${id}` }: { callPath?: (id: string) => string }) {
  const { locale } = useI18n();
  const texts = callsTexts(locale);
  const users = useApiData<{ users: { id: string; name: string; role: string; extensions: string[] }[] }>('/users');
  const managers = (users.data?.users ?? []).filter((user) => user.role === 'manager');
  const [items, setItems] = useState<UploadItem[]>([]);
  const [meta, setMeta] = useState<Metadata>({ managerId: '', extension: '', clientPhone: '', startedAt: '', language: '' });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const counter = useRef(0);

  const patch = (key: string, change: Partial<UploadItem>) => setItems((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));
  const addFiles = (files: FileList | null) => {
    if (!files) return;
    const added = Array.from(files).map((file) => ({ key: `${++counter.current}`, file, progress: 0, state: 'queued' as const }));
    setItems((current) => [...current, ...added]);
  };

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (!meta.managerId && !meta.extension) return setProblem(texts.needManager);
    setProblem(null);
    setBusy(true);
    // one at a time: a telephony export can be hundreds of files and the server streams each to disk
    for (const item of items.filter((entry) => entry.state === 'queued' || entry.state === 'error')) {
      patch(item.key, { state: 'uploading', progress: 0, errorMessage: null });
      try {
        const result = await uploadCall(item.file, meta, (progress) => patch(item.key, { progress }));
        patch(item.key, { state: 'sent', progress: 1, callId: result.id, status: result.status, duplicate: result.duplicate });
      } catch (error) {
        patch(item.key, { state: 'error', errorMessage: error instanceof Error ? error.message : String(error) });
      }
    }
    setBusy(false);
  };

  // refresh the status of calls still moving through the pipeline
  const moving = items.filter((item) => item.callId && item.status && !SETTLED.includes(item.status)).map((item) => `${item.key}:${item.callId}`).join(',');
  useEffect(() => {
    if (!moving) return;
    const timer = setInterval(() => {
      for (const entry of moving.split(',')) {
        const [key, id] = entry.split(':') as [string, string];
        void fetch(`/api/v1/calls/${id}`, { credentials: 'same-origin', headers: { accept: 'application/json' } })
          .then((response) => (response.ok ? response.json() : undefined))
          .then((body: { call?: { status: PipelineStatus; errorMessage: string | null } } | undefined) => {
            if (body?.call) patch(key, { status: body.call.status, errorMessage: body.call.errorMessage });
          })
          .catch(() => undefined);
      }
    }, 3000);
    return () => clearInterval(timer);
  }, [moving]);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    addFiles(event.dataTransfer.files);
  };

  return (
    <div className="stack">
      <PageHeader title={texts.uploadTitle} subtitle={texts.uploadSubtitle} />
      <form className="card form" onSubmit={(event) => void send(event)} onDragOver={(event) => event.preventDefault()} onDrop={onDrop}>
        <div className="field">
          <label htmlFor="upload-files">{texts.chooseFiles}</label>
          <input id="upload-files" className="input" type="file" multiple accept="audio/*,.wav,.mp3,.ogg,.opus,.json,.vtt,.srt,.txt" onChange={(event) => addFiles(event.target.files)} />
          <span className="hint">{texts.dropHint}</span>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="upload-manager">{texts.manager}</label>
            <select id="upload-manager" className="select" value={meta.managerId} onChange={(event) => setMeta({ ...meta, managerId: event.target.value })}>
              <option value="">{texts.managerAuto}</option>
              {managers.map((manager) => <option key={manager.id} value={manager.id}>{manager.name}{manager.extensions.length ? ` (${manager.extensions.join(', ')})` : ''}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="upload-extension">{texts.extension}</label>
            <input id="upload-extension" className="input" value={meta.extension} inputMode="numeric" onChange={(event) => setMeta({ ...meta, extension: event.target.value })} />
            <span className="hint">{texts.extensionHint}</span>
          </div>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="upload-phone">{texts.clientPhone}</label>
            <input id="upload-phone" className="input" type="tel" value={meta.clientPhone} onChange={(event) => setMeta({ ...meta, clientPhone: event.target.value })} />
            <span className="hint">{texts.clientPhoneHint}</span>
          </div>
          <div className="field">
            <label htmlFor="upload-date">{texts.startedAt}</label>
            <input id="upload-date" className="input" type="datetime-local" value={meta.startedAt} onChange={(event) => setMeta({ ...meta, startedAt: event.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="upload-language">{texts.language}</label>
            <select id="upload-language" className="select" value={meta.language} onChange={(event) => setMeta({ ...meta, language: event.target.value })}>
              <option value="">—</option>
              <option value="ru">Русский</option>
              <option value="en">English</option>
            </select>
          </div>
        </div>
        {problem && <div className="alert alert-error" role="alert">{problem}</div>}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy || !items.some((item) => item.state === 'queued' || item.state === 'error')}>{busy ? texts.sending : texts.send}</button>
          <button type="button" className="button" disabled={busy || items.length === 0} onClick={() => setItems([])}>{texts.clear}</button>
        </div>
      </form>
      <UploadList items={items} callPath={callPath} />
    </div>
  );
}

function UploadList({ items, callPath }: { items: UploadItem[]; callPath: (id: string) => string }) {
  const { locale } = useI18n();
  const texts = callsTexts(locale);
  if (items.length === 0) return <p className="muted">{texts.noFiles}</p>;
  return (
    <div className="card table-wrap">
      <table className="table">
        <thead><tr><th>{texts.file}</th><th>{texts.progress}</th><th>{texts.status}</th><th /></tr></thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.key}>
              <td>
                <div>{item.file.name}</div>
                <div className="hint">{isTranscriptFile(item.file.name) ? texts.kindTranscript : texts.kindRecording} · {(item.file.size / 1024 / 1024).toFixed(1)} MB</div>
              </td>
              <td><progress max={1} value={item.progress} aria-label={`${texts.progress}: ${item.file.name}`} /> <span className="small muted">{Math.round(item.progress * 100)}%</span></td>
              <td>
                {item.state === 'error' && <span className="field-error" role="alert">{texts.failedUpload}: {item.errorMessage}</span>}
                {item.state === 'queued' && <span className="muted">{texts.waiting}</span>}
                {item.status && <CallStatusBadge status={item.status} errorMessage={item.errorMessage ?? null} />}
                {item.duplicate && <span className="hint"> ({texts.duplicate})</span>}
                {item.status && (item.status === 'failed' || item.status === 'unassigned') && item.errorMessage && <div className="hint">{item.errorMessage}</div>}
              </td>
              <td>{item.callId && <Link to={callPath(item.callId)}>{texts.open}</Link>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
