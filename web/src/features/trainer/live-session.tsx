// The conversation in progress: the dialogue as it goes, the microphone button (voice mode), the
// client's audio, the interrupt button, the typed fallback and finishing. A dropped connection
// keeps the conversation (the server stored every turn) and offers to continue.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { errorMessage } from '../../api/error-message.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { trainerApi } from './trainer-api.ts';
import type { Persona, Session, Turn } from './trainer-api.ts';
import type { TrainerTexts } from './trainer-texts.ts';
import { openVoiceConnection } from './voice-connection.ts';
import type { ServerMessage, VoiceConnection } from './voice-connection.ts';

interface LiveSessionProps {
  initial: Session;
  persona: Persona | undefined;
  texts: TrainerTexts;
  onFinished(session: Session): void;
}

export function LiveSession({ initial, persona, texts, onFinished }: LiveSessionProps) {
  const { t, format, locale } = useI18n();
  const [turns, setTurns] = useState<Turn[]>(initial.turns);
  const [voice, setVoice] = useState(initial.mode === 'voice');
  const [recording, setRecording] = useState(false);
  const [recognising, setRecognising] = useState(false);
  const [speaking, setSpeaking] = useState(false);
  const [audioBytes, setAudioBytes] = useState(0);
  const [plays, setPlays] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dropped, setDropped] = useState(false);
  const [busy, setBusy] = useState(false);
  const [finishing, setFinishing] = useState(false);
  const [draft, setDraft] = useState('');
  const [generation, setGeneration] = useState(0);
  const audioRef = useRef<HTMLAudioElement>(null);
  const connection = useRef<VoiceConnection | null>(null);
  const ended = turns.some((turn) => turn.speaker === 'client' && turn.done);

  const onMessage = useCallback((message: ServerMessage) => {
    switch (message.type) {
      case 'ready':
        setTurns(message.session.turns);
        if (!message.voiceIn || !message.voiceOut) {
          const reasons = [message.sttUnavailable?.message, message.ttsUnavailable?.message].filter(Boolean).join(' ');
          setNotice(`${texts.textMode} ${reasons}`.trim());
        }
        if (!message.voiceIn) setVoice(false);
        return;
      case 'transcript':
        setRecognising(false);
        return;
      case 'client-turn':
        setRecognising(false);
        setBusy(false);
        setTurns((current) => [...current, message.managerTurn, message.turn]);
        return;
      case 'not-heard':
        setRecognising(false);
        setNotice(texts.notHeard);
        return;
      case 'text-mode':
        setRecognising(false);
        setNotice(`${texts.textMode} ${message.message}`);
        if (message.direction === 'stt') setVoice(false);
        return;
      case 'finished':
        onFinished(message.session);
        return;
      case 'error':
        setRecognising(false);
        setBusy(false);
        setError(message.message);
        return;
      default:
    }
  }, [onFinished, texts]);

  useEffect(() => {
    if (initial.mode !== 'voice' || !audioRef.current) return;
    setDropped(false);
    const opened = openVoiceConnection(initial.id, audioRef.current, {
      onMessage, onSpeaking: setSpeaking, onAudioBytes: setAudioBytes, onDropped: () => setDropped(true),
    });
    connection.current = opened;
    return () => {
      opened.close();
      connection.current = null;
    };
  }, [initial.id, initial.mode, onMessage, generation]);

  const toggleMicrophone = async () => {
    const live = connection.current;
    if (!live) return;
    if (recording) {
      live.stopRecording();
      setRecording(false);
      setRecognising(true);
      return;
    }
    setNotice(null);
    setError(null);
    try {
      await live.startRecording();
      setRecording(true);
    } catch {
      setVoice(false);
      setNotice(texts.noMicrophone);
    }
  };

  const sendTyped = async (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setDraft('');
    setError(null);
    setBusy(true);
    if (connection.current && !dropped) {
      connection.current.sendText(text);
      return;
    }
    try {
      const result = await trainerApi.turn(initial.id, text);
      setTurns((current) => [...current, result.managerTurn, result.clientTurn]);
    } catch (failure) {
      setError(errorMessage(failure, t, format));
    } finally {
      setBusy(false);
    }
  };

  const finish = async () => {
    setFinishing(true);
    setError(null);
    connection.current?.stopRecording();
    try {
      // REST works whether or not the socket is alive.
      onFinished(await trainerApi.finish(initial.id));
    } catch (failure) {
      setError(errorMessage(failure, t, format));
      setFinishing(false);
    }
  };

  return (
    <section className="card trainer-card trainer-live" aria-label={texts.dialogue} data-audio-bytes={audioBytes} data-audio-plays={plays}>
      {persona && (
        <header className="trainer-live-head">
          <span className="trainer-avatar" aria-hidden="true" dangerouslySetInnerHTML={{ __html: persona.avatarSvg }} />
          <div>
            <strong>{persona.name[locale]}</strong>
            <p className="muted small">{persona.role[locale]}</p>
          </div>
          {speaking && <span className="badge badge-info" role="status">{texts.clientSpeaking}</span>}
        </header>
      )}
      <p className="muted small">
        {initial.weakStages.length > 0 ? `${texts.weakStages}: ${initial.weakStages.map((stage) => texts.stages[stage]).join(', ')}` : texts.noWeakStages}
      </p>
      <ol className="trainer-dialogue" aria-live="polite">
        {turns.map((turn, index) => (
          <li key={`${index}-${turn.at}`} className={`trainer-turn trainer-turn-${turn.speaker}`}>
            <span className="trainer-turn-who">{turn.speaker === 'manager' ? texts.you : texts.client}</span>
            <span>{turn.text}</span>
            {turn.pressedStage && <span className="badge small">{texts.pressed}: {texts.stages[turn.pressedStage]}</span>}
          </li>
        ))}
      </ol>
      {ended && <p className="alert alert-info" role="status">{texts.clientEnded}</p>}
      {notice && <p className="alert alert-info" role="status">{notice}</p>}
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      {dropped && (
        <p className="alert alert-error" role="alert">
          {texts.connectionLost}{' '}
          <button type="button" className="button button-small" onClick={() => setGeneration((g) => g + 1)}>{texts.reconnect}</button>
        </p>
      )}
      <audio ref={audioRef} data-testid="client-audio" onPlaying={() => setPlays((n) => n + 1)} />
      {!ended && (
        <div className="trainer-controls">
          {voice && initial.mode === 'voice' && (
            <>
              <button type="button" className={`button ${recording ? 'button-danger' : 'button-primary'}`} aria-pressed={recording} onClick={() => void toggleMicrophone()} disabled={recognising || dropped}>
                {recording ? texts.micStop : texts.micStart}
              </button>
              {recording && <span role="status" className="trainer-recording">{texts.recording}</span>}
              {recognising && <span role="status" className="muted">{texts.listening}</span>}
              <button type="button" className="button" onClick={() => connection.current?.bargeIn()} disabled={!speaking}>{texts.interrupt}</button>
            </>
          )}
          <form className="inline-form trainer-text-form" onSubmit={(event) => void sendTyped(event)}>
            <label className="visually-hidden" htmlFor="trainer-text">{texts.typeHere}</label>
            <input id="trainer-text" className="input" value={draft} placeholder={texts.typeHere} onChange={(event) => setDraft(event.target.value)} disabled={busy} />
            <button type="submit" className="button" disabled={busy || !draft.trim()}>{texts.send}</button>
          </form>
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={() => void finish()} disabled={finishing}>{finishing ? texts.finishing : texts.finish}</button>
      </div>
    </section>
  );
}
