import assert from 'node:assert/strict';
import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cdrToCall, channelExtension, parseCdrCsv } from './asterisk-cdr-parser.ts';
import { matchRecordingToCdr, parseRecordingFileName } from './recording-file-name.ts';
import { watchRecordingsFolder, type ReadyRecording } from './recordings-folder-watcher.ts';

// Rows as cdr_csv writes them (quoted, no header); the third has the newer linkedid tail.
const MASTER_CSV = [
  '"","101","89161234567","from-internal","""Анна"" <101>","PJSIP/101-00000012","PJSIP/trunk-00000013","Dial","PJSIP/89161234567@trunk,60","2024-03-12 10:15:01","2024-03-12 10:15:09","2024-03-12 10:17:40",159,151,"ANSWERED","DOCUMENTATION","1710238501.42",""',
  '"","+79031112233","102","from-trunk","""+79031112233"" <+79031112233>","PJSIP/trunk-00000020","PJSIP/102-00000021","Dial","PJSIP/102,30","2024-03-12 11:00:00","","2024-03-12 11:00:25",25,0,"NO ANSWER","DOCUMENTATION","1710241200.50",""',
  '"","79031112233","s","from-trunk","""79031112233"" <79031112233>","PJSIP/trunk-00000030","PJSIP/103-00000031","Dial","PJSIP/103,30","2024-03-12 12:00:00","2024-03-12 12:00:05","2024-03-12 12:03:05",185,180,"ANSWERED","DOCUMENTATION","1710244800.60","","","1710244800.60","7"',
  '"broken","row"',
  '"","101","102","from-internal","","PJSIP/101-1","PJSIP/102-1","Dial","","not a date","","",1,1,"ANSWERED","DOCUMENTATION","1710244900.70",""',
].join('\n');

void describe('Asterisk CDR', () => {
  void test('parses the standard cdr_csv columns in server time', () => {
    const { records, errors } = parseCdrCsv(MASTER_CSV, { utcOffsetMinutes: 180 });
    assert.equal(records.length, 3);
    const [first, , third] = records;
    assert.equal(first?.src, '101');
    assert.equal(first?.clid, '"Анна" <101>');
    assert.equal(first?.uniqueid, '1710238501.42');
    assert.equal(first?.start?.toISOString(), '2024-03-12T07:15:01.000Z');
    assert.equal(first?.billsec, 151);
    assert.equal(first?.disposition, 'ANSWERED');
    assert.equal(third?.linkedid, '1710244800.60');
    assert.deepEqual(errors.map((error) => error.line), [4, 5]);
    assert.match(errors[0]?.message ?? '', /at least 16 columns/);
    assert.match(errors[1]?.message ?? '', /not a "YYYY-MM-DD HH:MM:SS" time/);
  });

  void test('turns rows into calls: manager extension, client phone, direction', () => {
    const [outbound, missed, inbound] = parseCdrCsv(MASTER_CSV).records.map(cdrToCall);
    assert.deepEqual(outbound && { ...outbound, startedAt: undefined }, { externalId: '1710238501.42', direction: 'outbound', managerExtension: '101', clientPhone: '+79161234567', startedAt: undefined, duration: 151, answered: true });
    assert.equal(missed?.direction, 'inbound');
    assert.equal(missed?.managerExtension, '102');
    assert.equal(missed?.answered, false);
    assert.equal(inbound?.managerExtension, '103', 'the extension comes from dstchannel when dst is "s"');
    assert.equal(inbound?.clientPhone, '+79031112233');
    assert.equal(channelExtension('SIP/trunk-0001'), null);
  });

  void test('an unreadable file is reported, not thrown', () => {
    const result = parseCdrCsv('"unterminated,quote\n');
    assert.equal(result.records.length, 0);
    assert.equal(result.errors.length, 1);
  });
});

void describe('recording file names', () => {
  void test('reads MixMonitor/FreePBX names', () => {
    assert.deepEqual(parseRecordingFileName('/var/spool/asterisk/monitor/2024/03/12/out-89161234567-101-20240312-101501-1710238501.42.wav'), { uniqueid: '1710238501.42', kind: 'out', dst: '89161234567', src: '101' });
    assert.deepEqual(parseRecordingFileName('in-102-+79031112233-20240312-110000-1710241200.50.mp3'), { uniqueid: '1710241200.50', kind: 'in', dst: '102', src: '+79031112233' });
    assert.deepEqual(parseRecordingFileName('1710244800.60.wav'), { uniqueid: '1710244800.60', kind: null });
    assert.deepEqual(parseRecordingFileName('greeting.wav'), { uniqueid: null, kind: null });
  });

  void test('matches a recording to its CDR row by uniqueid, else linkedid', () => {
    const { records } = parseCdrCsv(MASTER_CSV);
    assert.equal(matchRecordingToCdr('out-89161234567-101-20240312-101501-1710238501.42.wav', records)?.line, 1);
    assert.equal(matchRecordingToCdr('q-103-79031112233-20240312-120000-1710244800.60.wav', records)?.line, 3);
    assert.equal(matchRecordingToCdr('out-1-2-20240312-101501-1111111111.1.wav', records), undefined);
  });
});

void describe('recordings folder watcher', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mentor-monitor-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  void test('reports a recording once, only after it stops growing', async () => {
    const folder = await mkdtemp(join(dir, 'scan-'));
    const ready: ReadyRecording[] = [];
    // polling and fs events far in the future: this test drives the scans itself
    const watcher = await watchRecordingsFolder({ dir: folder, onRecording: (recording) => void ready.push(recording), pollIntervalMs: 3_600_000, debounceMs: 3_600_000, stableScans: 2 });
    try {
      await mkdir(join(folder, '2024', '03', '12'), { recursive: true });
      const path = join(folder, '2024', '03', '12', 'out-89161234567-101-20240312-101501-1710238501.42.wav');
      await writeFile(path, Buffer.alloc(1000));
      await writeFile(join(folder, 'notes.txt'), 'not a recording');
      await watcher.scanNow(); // first sight
      await appendFile(path, Buffer.alloc(1000)); // MixMonitor still writing
      await watcher.scanNow();
      await watcher.scanNow();
      assert.equal(ready.length, 0, 'one unchanged scan is not enough');
      await watcher.scanNow();
      assert.equal(ready.length, 1);
      assert.equal(ready[0]?.uniqueid, '1710238501.42');
      assert.equal(ready[0]?.size, 2000);
      await watcher.scanNow();
      await watcher.scanNow();
      assert.equal(ready.length, 1, 'never reported twice');
    } finally {
      await watcher.close();
    }
  });

  void test('ignoreExisting skips files that were there before start', async () => {
    const folder = await mkdtemp(join(dir, 'existing-'));
    await writeFile(join(folder, 'old-1710000000.1.wav'), Buffer.alloc(10));
    const ready: string[] = [];
    const watcher = await watchRecordingsFolder({ dir: folder, onRecording: (recording) => void ready.push(recording.path), pollIntervalMs: 3_600_000, debounceMs: 3_600_000, stableScans: 1, ignoreExisting: true });
    try {
      await writeFile(join(folder, 'new-1710000001.2.wav'), Buffer.alloc(10));
      await watcher.scanNow();
      await watcher.scanNow();
      assert.deepEqual(ready.map((path) => path.split('/').pop()), ['new-1710000001.2.wav']);
    } finally {
      await watcher.close();
    }
  });

  void test('finds new files on its own (fs events or polling)', async () => {
    const folder = await mkdtemp(join(dir, 'live-'));
    let resolveReady: (recording: ReadyRecording) => void = () => undefined;
    const arrived = new Promise<ReadyRecording>((resolve) => {
      resolveReady = resolve;
    });
    const watcher = await watchRecordingsFolder({ dir: folder, onRecording: (recording) => resolveReady(recording), pollIntervalMs: 50, debounceMs: 20, stableScans: 2 });
    try {
      await writeFile(join(folder, 'exten-101-102-20240312-101501-1710238599.7.wav'), Buffer.alloc(500));
      const recording = await arrived;
      assert.equal(recording.uniqueid, '1710238599.7');
    } finally {
      await watcher.close();
    }
  });

  void test('a failing handler is reported and does not stop the watcher', async () => {
    const folder = await mkdtemp(join(dir, 'errors-'));
    const errors: unknown[] = [];
    const seen: string[] = [];
    const watcher = await watchRecordingsFolder({
      dir: folder, pollIntervalMs: 3_600_000, debounceMs: 3_600_000, stableScans: 1, onError: (error) => errors.push(error),
      onRecording: (recording) => {
        seen.push(recording.path);
        if (seen.length === 1) throw new Error('database down');
      },
    });
    try {
      await writeFile(join(folder, 'a-1710000000.1.wav'), Buffer.alloc(10));
      await writeFile(join(folder, 'b-1710000000.2.wav'), Buffer.alloc(10));
      await watcher.scanNow();
      await watcher.scanNow();
      assert.equal(seen.length, 2);
      assert.equal(errors.length, 1);
    } finally {
      await watcher.close();
    }
  });
});
