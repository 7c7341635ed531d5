import type { ReadStream } from 'node:tty';

/** Longer than any token PIN; stops a paste of something else from growing without bound. */
const MAX_PIN = 64;

export class PinPromptCancelled extends Error {
  constructor() {
    super('PIN entry cancelled');
  }
}

/**
 * Asks for the PIN on the terminal with echo off (raw mode: nothing typed is shown, not even
 * stars, so its length does not show either). Enter ends it, Backspace deletes, Ctrl-C or Ctrl-D
 * cancels. The prompt goes to stderr so --json output on stdout stays one object.
 */
export function promptPin(input: ReadStream, output: NodeJS.WritableStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let pin = '';
    const finish = (error?: Error): void => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
      if (error === undefined) resolve(pin);
      else reject(error);
      pin = '';
    };
    const onData = (data: Buffer): void => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || char === '\u0004') return finish(new PinPromptCancelled());
        if (char === '\u007f' || char === '\b') pin = [...pin].slice(0, -1).join('');
        else if (char >= ' ' && pin.length < MAX_PIN) pin += char;
      }
    };
    // Echo off before the prompt shows: keys typed right after it must not reach the screen.
    input.setRawMode(true);
    input.on('data', onData);
    input.resume();
    output.write(prompt);
  });
}
