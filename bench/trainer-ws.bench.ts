// Server-side latency of one trainer turn through the real WebSocket path: the manager's transcript
// arrives as a `text` message → the turn is stored, the builtin client answers, espeak-ng starts →
// the first binary frame of the client's audio leaves the server. Goal: p95 ≤ 300 ms. Speech
// recognition is outside this figure (it depends on the STT server). The server is the real Mentor
// (startMentor, embedded PGlite in memory, demo company) on this machine; the socket is local.
// Run: node_modules/.bin/node bench/trainer-ws.bench.ts [turns]
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ApiClient, startTestServer } from '../test/support/test-server.ts';
import { machineLine, summarize } from './support.ts';

const TURNS = Number(process.argv[2] ?? 60);

const LINES = [
  'Здравствуйте, меня зовут Иван, компания ТеплоСфера. Вы оставляли заявку, удобно говорить?',
  'Расскажите, что вы сейчас рассматриваете и для чего?',
  'А что вас не устраивает в том, что есть сейчас?',
  'Для вашей задачи у нас решение с гарантией, бесплатный выезд инженера и монтаж за 3 дня — вы получите тепло и экономию.',
  'Поверьте, у нас лучшее предложение, не переживайте.',
  'Понимаю. А с чем сравниваете? Можем оформить рассрочку без переплаты на 12 месяцев, это окупается за счёт экономии.',
  'Давайте посчитаем: рассрочка без переплаты около 7000 в месяц, а экономия до 20% в год. Какой платёж вам комфортен?',
  'Давайте я запишу вас на бесплатный выезд инженера в четверг в 10:00, вам удобно?',
  'Тогда в пятницу в 18:00, инженер привезёт образцы.',
];

interface Socket { ws: WebSocket; wait(type: string): Promise<any>; firstAudio(): Promise<number> }

function connect(url: string, cookie: string): Promise<Socket> {
  const ws = new WebSocket(url, { headers: { cookie } } as unknown as string[]);
  ws.binaryType = 'arraybuffer';
  const waiters = new Map<string, (message: any) => void>();
  let audioWaiter: ((at: number) => void) | null = null;
  ws.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') {
      const resolve = audioWaiter;
      audioWaiter = null;
      resolve?.(performance.now());
      return;
    }
    const message = JSON.parse(event.data);
    const resolve = waiters.get(message.type);
    waiters.delete(message.type);
    resolve?.(message);
  });
  const socket: Socket = {
    ws,
    wait: (type) => new Promise((resolve) => waiters.set(type, resolve)),
    firstAudio: () => new Promise((resolve) => { audioWaiter = resolve; }),
  };
  return new Promise((resolve, reject) => {
    ws.addEventListener('open', () => resolve(socket), { once: true });
    ws.addEventListener('error', () => reject(new Error('websocket failed')), { once: true });
  });
}

const server = await startTestServer({ env: { MENTOR_TTS: 'espeak' } });
try {
  const manager = server.demo.managers[0]!;
  const api = new ApiClient(server.url);
  await api.login(manager.email, manager.password);
  const latencies: number[] = [];
  let sessions = 0;
  while (latencies.length < TURNS) {
    const session = (await api.request('POST', '/api/v1/trainer/sessions', { mode: 'voice', personaId: 'anna-friendly' })).body;
    sessions += 1;
    const socket = await connect(`${server.url.replace('http', 'ws')}/api/v1/trainer/sessions/${session.id}/ws`, api.cookie);
    const ready = socket.wait('ready');
    const opened = socket.wait('audio-end');
    await ready;
    await opened; // the client's "Алло" is spoken first; turns are timed after it
    for (const text of LINES) {
      if (latencies.length >= TURNS) break;
      const reply = socket.wait('client-turn');
      const spoken = socket.wait('audio-end');
      const audio = socket.firstAudio();
      const sent = performance.now();
      socket.ws.send(JSON.stringify({ type: 'text', text }));
      latencies.push((await audio) - sent);
      const turn = await reply;
      await spoken;
      if (turn.turn.done) break;
    }
    socket.ws.close();
  }
  const s = summarize(latencies);
  console.log(`${machineLine()} · load ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
  console.log(`trainer turn over WebSocket (transcript in → first audio byte out), builtin client + espeak-ng, PGlite in memory`);
  console.log(`turns ${s.n} in ${sessions} sessions · p50 ${s.p50.toFixed(1)} ms · p95 ${s.p95.toFixed(1)} ms · mean ${s.mean.toFixed(1)} ms · goal p95 ≤ 300 ms: ${s.p95 <= 300 ? 'met' : 'NOT met'}`);
} finally {
  await server.close();
}
