// A process of its own that sends /healthz to the server at argv[2] back to back, each as soon
// as the last was answered, between a 'start' and a 'stop' message, and answers 'stop' with
// every wait in milliseconds. Apart from the bench's process, whose own pauses (its collector
// after autocannon's runs) would otherwise count as the server's.

const [url] = process.argv.slice(2);
let probing = false;
let waits: number[] = [];
let loop: Promise<void> = Promise.resolve();

/** A kept-alive connection the server closed while idle fails at its next use: that probe is sent again, once. */
async function probe(): Promise<number> {
  const started = performance.now();
  try {
    await (await fetch(`${url}/healthz`)).arrayBuffer();
  } catch {
    await (await fetch(`${url}/healthz`)).arrayBuffer();
  }
  return performance.now() - started;
}

process.on('message', (message: 'start' | 'stop' | 'exit') => {
  if (message === 'start') {
    probing = true;
    waits = [];
    loop = (async () => {
      while (probing) waits.push(await probe());
    })();
    process.send!('started');
  } else if (message === 'stop') {
    probing = false;
    void loop.then(() => process.send!({ waits }));
  } else {
    process.exit(0);
  }
});
process.send!('ready');
