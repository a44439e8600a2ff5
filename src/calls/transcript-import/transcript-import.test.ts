import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../domain/errors.ts';
import { checkTranscript, detectTranscriptFormat, importTranscript } from './transcript-import.ts';

const malformedAt = (content: string, line: number | undefined, pattern: RegExp, options: Parameters<typeof importTranscript>[1] = {}): void => {
  assert.throws(() => importTranscript(content, options), (error: unknown) => {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, 'transcript.malformed');
    assert.equal(error.status, 422);
    if (line !== undefined) {
      assert.equal(error.details?.line, line, error.message);
      assert.match(error.message, new RegExp(`line ${line}\\b`));
    }
    assert.match(error.message, pattern);
    return true;
  });
};

void describe('format detection', () => {
  void test('by content first, then by file name', () => {
    assert.equal(detectTranscriptFormat('WEBVTT\n\n00:00.000 --> 00:01.000\nhi', 'call.srt'), 'vtt');
    assert.equal(detectTranscriptFormat('1\n00:00:01,000 --> 00:00:02,000\nМенеджер: Алло'), 'srt');
    assert.equal(detectTranscriptFormat('[{"speaker":"manager","text":"a"}]'), 'json');
    assert.equal(detectTranscriptFormat('\uFEFF{"turns":[]}'), 'json');
    assert.equal(detectTranscriptFormat('[00:01] Менеджер: Алло'), 'text');
    assert.equal(detectTranscriptFormat('Менеджер: Алло', 'call.txt'), 'text');
    assert.equal(detectTranscriptFormat('garbage', 'export.srt'), 'srt');
  });
});

void describe('JSON', () => {
  void test('an array of turns or {turns}', () => {
    const transcript = importTranscript('[{"speaker":"manager","text":"Добрый день","start":0,"end":1.5},{"speaker":"client","text":"Здравствуйте"}]');
    assert.deepEqual(transcript, {
      language: 'ru',
      turns: [{ speaker: 'manager', text: 'Добрый день', start: 0, end: 1.5 }, { speaker: 'client', text: 'Здравствуйте' }],
    });
    assert.equal(importTranscript('{"language":"en","turns":[{"speaker":"client","text":"Hi"}]}').language, 'en');
  });

  void test('syntax errors point at the line', () => {
    malformedAt('[\n{"speaker":"manager","text":"a"}\n{"speaker":"client","text":"b"}\n]', 3, /not valid JSON/);
  });

  void test('a wrong shape says what is expected', () => {
    malformedAt('{"items": []}', 1, /"turns" array/);
    malformedAt('[{"text":"a"}]', undefined, /turn #1 has no "speaker"/);
    malformedAt('[{"speaker":"manager","text":"a","start":-1}]', undefined, /"start".*number ≥ 0/);
    malformedAt('[{"speaker":"manager","text":"a","start":5,"end":2}]', undefined, /ends \(2\) before it starts/);
    malformedAt('[]', undefined, /no utterances/);
  });
});

void describe('WebVTT', () => {
  void test('voice tags, including several voices in one cue', () => {
    const vtt = 'WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.500\n<v Менеджер>Добрый день, компания Ромашка.</v>\n\n00:00:03.000 --> 00:00:05.000\n<v Клиент>Здравствуйте.</v> <v Менеджер>Чем могу помочь?</v>\n';
    assert.deepEqual(importTranscript(vtt).turns, [
      { speaker: 'manager', text: 'Добрый день, компания Ромашка.', start: 0, end: 2.5 },
      { speaker: 'client', text: 'Здравствуйте.', start: 3, end: 5 },
      { speaker: 'manager', text: 'Чем могу помочь?', start: 3, end: 5 },
    ]);
  });

  void test('prefixes, NOTE blocks, and untagged cues continuing the speaker', () => {
    const vtt = 'WEBVTT - exported\n\nNOTE from Zoom\n\n00:01.000 --> 00:02.000\nManager: Hello, this is Anna.\n\n00:02.000 --> 00:03.000\nHow can I help?\n\n00:03.500 --> 00:04.000 align:start\nCustomer: I need a <b>quote</b> &amp; a date.';
    const transcript = importTranscript(vtt);
    assert.equal(transcript.language, 'en');
    assert.deepEqual(transcript.turns, [
      { speaker: 'manager', text: 'Hello, this is Anna. How can I help?', start: 1, end: 3 },
      { speaker: 'client', text: 'I need a quote & a date.', start: 3.5, end: 4 },
    ]);
  });

  void test('errors carry the line number', () => {
    malformedAt('00:00.000 --> 00:01.000\nМенеджер: Алло', 1, /starts with the line "WEBVTT"/);
    malformedAt('WEBVTT\n\n00:00.000 --> 00:01.000\nАлло', 4, /no speaker/);
    malformedAt('WEBVTT\n\n00:00.000 --> 00:xx.000\nМенеджер: Алло', 3, /not a timestamp/);
    malformedAt('WEBVTT\n\nМенеджер: Алло\n', 3, /timing line/);
  });
});

void describe('SRT', () => {
  void test('SPEAKER_00 labels with a mapping', () => {
    const srt = '1\r\n00:00:01,000 --> 00:00:02,000\r\n[SPEAKER_01]: Алло\r\n\r\n2\r\n00:00:02,500 --> 00:00:04,000\r\nSPEAKER_00: Добрый день, это Ромашка\r\n';
    const transcript = importTranscript(srt, { speakerMap: { SPEAKER_00: 'manager', SPEAKER_01: 'client' } });
    assert.deepEqual(transcript.turns, [
      { speaker: 'client', text: 'Алло', start: 1, end: 2 },
      { speaker: 'manager', text: 'Добрый день, это Ромашка', start: 2.5, end: 4 },
    ]);
  });

  void test('SPEAKER_00 labels without a mapping are a flagged guess', () => {
    const srt = '1\n00:00:01,000 --> 00:00:02,000\nSPEAKER_00: Добрый день\n\n2\n00:00:02,000 --> 00:00:03,000\nSPEAKER_01: Здравствуйте\n';
    assert.deepEqual(importTranscript(srt).turns.map((turn) => [turn.speaker, turn.lowConfidence]), [['manager', true], ['client', true]]);
  });

  void test('a third speaker cannot be placed', () => {
    const srt = ['SPEAKER_00: a', 'SPEAKER_01: b', 'SPEAKER_02: c'].map((text, i) => `${i + 1}\n00:00:0${i},000 --> 00:00:0${i + 1},000\n${text}`).join('\n\n');
    malformedAt(srt, 11, /third speaker "SPEAKER_02"/);
  });

  void test('a broken timing line is reported', () => {
    malformedAt('1\n00:00:01,000 -> 00:00:02,000\nМенеджер: Алло', 1, /timing line/, { fileName: 'call.srt' });
  });
});

void describe('plain text', () => {
  void test('Russian and English labels, timestamps, wrapped lines', () => {
    const text = 'Менеджер: Добрый день!\nКлиент: Здравствуйте, сколько стоит доставка?\nМенеджер: Пятьсот рублей,\nесли заказ до 10:30.\n\nКлиент: Время: завтра подходит.\n';
    assert.deepEqual(importTranscript(text).turns, [
      { speaker: 'manager', text: 'Добрый день!' },
      { speaker: 'client', text: 'Здравствуйте, сколько стоит доставка?' },
      { speaker: 'manager', text: 'Пятьсот рублей, если заказ до 10:30.' },
      { speaker: 'client', text: 'Время: завтра подходит.' },
    ]);
    const english = importTranscript('[00:05] Manager: Hi\n[00:07] Customer: Hello\n(01:02) Client: Bye');
    assert.deepEqual(english.turns, [
      { speaker: 'manager', text: 'Hi', start: 5 },
      { speaker: 'client', text: 'Hello Bye', start: 7 },
    ]);
    assert.equal(english.language, 'en');
  });

  void test('names work with a mapping', () => {
    const transcript = importTranscript('Анна: Добрый день\nИван: Здравствуйте', { speakerMap: { 'Анна': 'manager', 'Иван': 'client' } });
    assert.deepEqual(transcript.turns.map((turn) => turn.speaker), ['manager', 'client']);
  });

  void test('a first line without a speaker says what to write', () => {
    malformedAt('Звонок от 12 марта\nМенеджер: Алло', 1, /begin each utterance with "Менеджер:"/);
    malformedAt('   \n\n', undefined, /empty/);
  });
});

void describe('the check at the door', () => {
  void test('refuses with the error the import gives, and passes what the import reads', () => {
    for (const content of ['', 'no speaker here', 'WEBVTT\n\nnot a cue', '[{"speaker":"manager"}]', '{"turns":5}']) {
      const imported = (() => {
        try {
          importTranscript(content);
        } catch (error) {
          return error;
        }
        return null;
      })();
      assert.ok(imported instanceof AppError, content);
      assert.throws(() => checkTranscript(content), (error: unknown) => error instanceof AppError && error.code === imported.code && error.message === imported.message);
    }
    assert.doesNotThrow(() => checkTranscript('Менеджер: Алло\nКлиент: Да'));
    assert.doesNotThrow(() => checkTranscript('[{"speaker":"manager","text":"a"}]', { fileName: 'call.json' }));
  });
});
