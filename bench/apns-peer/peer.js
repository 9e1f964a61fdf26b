// The peer of the bench's apns scenario (issue 24): @parse/node-apn, a widely used open-source APNs
// client, pushing to the same TLS mock as Herald with the same budget: clientCount HTTP/2 connections
// (Herald's MaxConnectionsPerCredential) and at most IN_FLIGHT pushes at once (Herald's
// Delivery:Concurrency, 256). Handed 20,000 at once, the client opens a stream for each and the
// server refuses those past its 1,000 per connection: a third failed in the first trial.
// Usage: node peer.js ADDRESS PORT P8_FILE KEY_ID TEAM_ID TOPIC CA_PEM CLIENTS [IN_FLIGHT]
// Then one command per line on stdin: "send RUN COUNT" pushes one alert to each of the devices
// RUN/1..COUNT (the mock's token layout) and answers "done FAILED MS"; "quit" ends it.
'use strict';
const apn = require('@parse/node-apn');
const crypto = require('crypto');
const readline = require('readline');

const [address, port, keyFile, keyId, teamId, topic, caFile, clients, inFlight = '256'] = process.argv.slice(2);
const provider = new apn.MultiProvider({
  token: { key: keyFile, keyId, teamId },
  address, port: Number(port), ca: [caFile], production: true,
  clientCount: Number(clients), requestTimeout: 30000,
});

// 8 hex digits of run, 56 of index: the bench mock attributes a push by its token alone.
const token = (run, i) => run.toString(16).padStart(8, '0') + i.toString(16).padStart(56, '0');

const reasons = new Map();

async function send(run, count) {
  let next = 0, failed = 0;
  // IN_FLIGHT workers, each sending its next device's push when the last one is answered.
  async function worker() {
    for (let i = ++next; i <= count; i = ++next) {
      // One notification per device, as a chat message to members is (each has its own apns-id).
      const note = new apn.Notification();
      note.id = crypto.randomUUID();
      note.topic = topic;
      note.pushType = 'alert';
      note.alert = { title: 'Bench', body: `New message ${i}` };
      note.threadId = 'bench';
      note.sound = 'default';
      const result = await provider.send(note, token(run, i));
      for (const f of result.failed) {
        failed++;
        const why = String(f.response?.reason ?? f.status ?? f.error?.message ?? 'unknown');
        reasons.set(why, (reasons.get(why) ?? 0) + 1);
      }
    }
  }
  await Promise.all(Array.from({ length: Number(inFlight) }, worker));
  if (failed > 0) console.error('failures by reason:', Object.fromEntries(reasons));
  return failed;
}

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', async line => {
  const [command, run, count] = line.trim().split(' ');
  if (command === 'send') {
    const started = process.hrtime.bigint();
    const failed = await send(Number(run), Number(count));
    console.log(`done ${failed} ${Number(process.hrtime.bigint() - started) / 1e6}`);
  } else if (command === 'quit') {
    provider.shutdown();
    process.exit(0);
  }
});
lines.on('close', () => { provider.shutdown(); process.exit(0); });
console.log('ready');
