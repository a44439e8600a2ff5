// A call's transcript: ordered turns, each said by the manager or the client.
export type Speaker = 'manager' | 'client';

export interface Turn {
  speaker: Speaker;
  text: string;
  /** seconds from the start of the recording, when known */
  start?: number;
  end?: number;
  /** true when the speaker was guessed (mono audio without diarization) */
  lowConfidence?: boolean;
}

export interface Transcript {
  language: string; // BCP 47: 'ru', 'en'
  turns: Turn[];
}
