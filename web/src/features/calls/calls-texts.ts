// Texts of the call upload page and the pipeline status badge, Russian first.
import type { Locale } from '../../i18n/locale.ts';

const ru = {
  uploadTitle: 'Загрузка звонков',
  uploadSubtitle: 'Записи (WAV, MP3, OGG/Opus) и готовые расшифровки (JSON, WebVTT, SRT, текст «Менеджер: … / Клиент: …»). Можно выбрать несколько файлов сразу.',
  chooseFiles: 'Выбрать файлы',
  dropHint: 'или перетащите файлы сюда',
  manager: 'Менеджер',
  managerAuto: 'Определить по добавочному номеру',
  extension: 'Добавочный номер',
  extensionHint: 'Если менеджер не выбран: по номеру звонок найдёт своего менеджера.',
  clientPhone: 'Телефон клиента',
  clientPhoneHint: 'Любой формат: 8 916 123-45-67, +7 916 1234567',
  startedAt: 'Дата и время звонка',
  language: 'Язык',
  send: 'Отправить',
  sending: 'Отправка…',
  clear: 'Очистить список',
  noFiles: 'Файлы не выбраны.',
  file: 'Файл',
  progress: 'Загрузка',
  status: 'Статус',
  open: 'Открыть звонок',
  duplicate: 'уже был загружен',
  kindRecording: 'запись',
  kindTranscript: 'расшифровка',
  failedUpload: 'Не загружен',
  needManager: 'Выберите менеджера или укажите добавочный номер.',
  waiting: 'В очереди',
  statuses: {
    received: 'Получен', transcribing: 'Расшифровывается', transcribed: 'Расшифрован', analysing: 'Анализируется',
    analysed: 'Проанализирован', failed: 'Ошибка', unassigned: 'Без менеджера',
  },
  statusHints: {
    received: 'Звонок принят и ждёт расшифровки.',
    transcribing: 'Идёт распознавание речи по каналам менеджера и клиента.',
    transcribed: 'Расшифровка готова, скоро начнётся анализ.',
    analysing: 'Звонок разбирается по 5 этапам продаж.',
    analysed: 'Разбор готов.',
    failed: 'Обработка остановилась. Причина и что сделать — на странице звонка; после исправления нажмите «Повторить».',
    unassigned: 'Менеджер не найден по номеру. Назначьте звонок менеджеру — обработка продолжится.',
  },
  retry: 'Повторить',
};

export type CallsTexts = typeof ru;

const en: CallsTexts = {
  uploadTitle: 'Upload calls',
  uploadSubtitle: 'Recordings (WAV, MP3, OGG/Opus) and ready transcripts (JSON, WebVTT, SRT, text with "Manager: … / Client: …"). You can pick several files at once.',
  chooseFiles: 'Choose files',
  dropHint: 'or drop files here',
  manager: 'Manager',
  managerAuto: 'Find by extension',
  extension: 'Extension',
  extensionHint: 'Without a chosen manager, the extension finds the call its manager.',
  clientPhone: 'Client phone',
  clientPhoneHint: 'Any format: 8 916 123-45-67, +7 916 1234567',
  startedAt: 'Call date and time',
  language: 'Language',
  send: 'Send',
  sending: 'Sending…',
  clear: 'Clear the list',
  noFiles: 'No files chosen.',
  file: 'File',
  progress: 'Upload',
  status: 'Status',
  open: 'Open the call',
  duplicate: 'already uploaded',
  kindRecording: 'recording',
  kindTranscript: 'transcript',
  failedUpload: 'Not uploaded',
  needManager: 'Choose a manager or give an extension.',
  waiting: 'Queued',
  statuses: {
    received: 'Received', transcribing: 'Transcribing', transcribed: 'Transcribed', analysing: 'Analysing',
    analysed: 'Analysed', failed: 'Failed', unassigned: 'No manager',
  },
  statusHints: {
    received: 'The call is accepted and waits for transcription.',
    transcribing: 'Speech recognition runs on the manager and client channels.',
    transcribed: 'The transcript is ready; the analysis starts soon.',
    analysing: 'The call is being scored by the 5 sales stages.',
    analysed: 'The analysis is ready.',
    failed: 'Processing stopped. The reason and what to do are on the call page; press Retry once fixed.',
    unassigned: 'No manager matches the extension. Assign the call to a manager and processing continues.',
  },
  retry: 'Retry',
};

export function callsTexts(locale: Locale): CallsTexts {
  return locale === 'en' ? en : ru;
}

export const PIPELINE_STATUSES = ['received', 'transcribing', 'transcribed', 'analysing', 'analysed', 'failed', 'unassigned'] as const;
export type PipelineStatus = (typeof PIPELINE_STATUSES)[number];

const TRANSCRIPT_EXTENSIONS = ['json', 'vtt', 'srt', 'txt'];

/** A transcript goes in the "transcript" field, anything else is treated as a recording. */
export function isTranscriptFile(name: string): boolean {
  return TRANSCRIPT_EXTENSIONS.includes(name.toLowerCase().split('.').pop() ?? '');
}
