// An Asterisk box as the pipeline will see it: MixMonitor drops a stereo recording into the
// monitor folder, cdr_csv appends the row to Master.csv; the watcher reports the finished file,
// the file name joins it to its CDR row, and the recording decodes per party.
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { prepareRecording } from '../../src/audio/audio-decode.ts';
import { cdrToCall, parseCdrCsv } from '../../src/integrations/telephony/asterisk/asterisk-cdr-parser.ts';
import { matchRecordingToCdr } from '../../src/integrations/telephony/asterisk/recording-file-name.ts';
import { watchRecordingsFolder, type ReadyRecording } from '../../src/integrations/telephony/asterisk/recordings-folder-watcher.ts';
import { makeStereoCall, RUSSIAN_CALL, type FixtureCall } from '../support/audio-fixtures.ts';

let root: string;
let call: FixtureCall;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'mentor-asterisk-'));
  call = await makeStereoCall(RUSSIAN_CALL);
});
after(async () => {
  await call.cleanup();
  await rm(root, { recursive: true, force: true });
});

void test('a MixMonitor recording is matched to its CDR row and split per party', async () => {
  const monitor = join(root, 'monitor');
  await mkdir(join(monitor, '2024', '03', '12'), { recursive: true });
  const cdr = '"","101","89161234567","from-internal","""Анна"" <101>","PJSIP/101-00000012","PJSIP/trunk-00000013","Dial","PJSIP/89161234567@trunk,60","2024-03-12 10:15:01","2024-03-12 10:15:09","2024-03-12 10:17:40",159,151,"ANSWERED","DOCUMENTATION","1710238501.42",""\n';
  await writeFile(join(root, 'Master.csv'), cdr);

  const ready: ReadyRecording[] = [];
  const watcher = await watchRecordingsFolder({ dir: monitor, onRecording: (recording) => void ready.push(recording), pollIntervalMs: 3_600_000, debounceMs: 3_600_000, stableScans: 1 });
  try {
    await copyFile(call.path, join(monitor, '2024', '03', '12', 'out-89161234567-101-20240312-101501-1710238501.42.wav'));
    await watcher.scanNow();
    await watcher.scanNow();
  } finally {
    await watcher.close();
  }
  assert.equal(ready.length, 1);
  const recording = ready[0];
  assert.ok(recording);

  const { records, errors } = parseCdrCsv(cdr, { utcOffsetMinutes: 180 });
  assert.deepEqual(errors, []);
  const row = matchRecordingToCdr(recording.path, records);
  assert.ok(row, 'the recording joins its CDR row by uniqueid');
  const cdrCall = cdrToCall(row);
  assert.equal(cdrCall.managerExtension, '101');
  assert.equal(cdrCall.clientPhone, '+79161234567');
  assert.equal(cdrCall.direction, 'outbound');

  const work = await mkdtemp(join(root, 'work-'));
  const prepared = await prepareRecording(recording.path, work, { managerChannel: 'left' });
  assert.ok('manager' in prepared.channels);
  assert.deepEqual(prepared.warnings, []);
});
