// The transcript with each stage's segment marked, the turns quoted as evidence highlighted, and
// the audio player kept in step: the playing turn is highlighted, a click on a turn seeks there.
import { useRef, useState } from 'react';
import type { CallTexts, StageKey } from './call-texts.ts';
import type { StageAssessment, Turn } from './call-types.ts';

function stageOfTurn(stages: StageAssessment[], index: number): StageKey | null {
  for (const stage of stages) if (stage.span && index >= stage.span.from && index <= stage.span.to) return stage.stage;
  return null;
}

export function CallTranscript({ callId, turns, stages, lossTurns, texts }: { callId: string; turns: Turn[]; stages: StageAssessment[]; lossTurns: Set<number>; texts: CallTexts }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState<number | null>(null);
  const [hasAudio, setHasAudio] = useState(true);
  const timed = turns.some((turn) => turn.start !== undefined);
  const evidence = new Set(stages.flatMap((stage) => stage.evidence.map((e) => e.turn)));

  const onTime = (): void => {
    const now = audio.current?.currentTime ?? 0;
    const index = turns.findIndex((turn) => turn.start !== undefined && now >= turn.start && now < (turn.end ?? turn.start + 5));
    setPlaying(index >= 0 ? index : null);
  };
  const seek = (turn: Turn): void => {
    if (audio.current && turn.start !== undefined) {
      audio.current.currentTime = turn.start;
      void audio.current.play().catch(() => undefined);
    }
  };

  let previousStage: StageKey | null = null;
  return (
    <div className="stack">
      {hasAudio && (
        <audio ref={audio} className="call-audio" controls preload="metadata" src={`/api/v1/calls/${callId}/recording`} onTimeUpdate={onTime} onError={() => setHasAudio(false)} />
      )}
      <ol className="transcript">
        {turns.map((turn, index) => {
          const stage = stageOfTurn(stages, index);
          const header = stage && stage !== previousStage ? <li className={`stage-marker stage-${stage}`} key={`s${index}`} aria-hidden="true">{texts.stages[stage]}</li> : null;
          previousStage = stage ?? previousStage;
          const classes = ['turn', `turn-${turn.speaker}`, stage ? `stage-${stage}` : '', evidence.has(index) ? 'turn-evidence' : '', lossTurns.has(index) ? 'turn-loss' : '', playing === index ? 'turn-playing' : ''].filter(Boolean).join(' ');
          return [
            header,
            <li key={index} className={classes} data-turn={index}>
              <button type="button" className="turn-body" onClick={() => seek(turn)} disabled={!timed || !hasAudio} aria-label={`${turn.speaker === 'manager' ? texts.manager_ : texts.client_}: ${turn.text}`}>
                <span className="turn-speaker">
                  {turn.speaker === 'manager' ? texts.manager_ : texts.client_}
                  {turn.start !== undefined && <span className="turn-time"> {formatTime(turn.start)}</span>}
                  {turn.lowConfidence && <span className="muted" title={texts.guessedSpeaker}> ?</span>}
                </span>
                <span className="turn-text">{turn.text}</span>
              </button>
            </li>,
          ];
        })}
      </ol>
    </div>
  );
}

function formatTime(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.floor(seconds % 60);
  return `${m}:${String(s).padStart(2, '0')}`;
}
