/** The section headers accepted in concatenated console captures (environment, py-spy-error). */
import { describe, expect, it } from 'vitest';
import { commandHeader } from '../../src/adapters/_capture.js';

describe('commandHeader', () => {
  it.each([
    ['$ uname -a', 'uname -a'],
    ['(fastdeploy) $ pip list', 'pip list'],
    ['worker@gpu-a100-03:~/FastDeploy$ python --version', 'python --version'],
    ['root@c500-node01:/workspace# cat /etc/os-release', 'cat /etc/os-release'],
    ['### pip list', 'pip list'],
    ['==== pip list ====', 'pip list'],
    ['---- uname -r ----', 'uname -r'],
  ])('%s', (line, command) => {
    expect(commandHeader(line)).toBe(command);
  });

  it.each([
    ['pip table rule', '------------------------ -----------'],
    ['pip row', 'numpy                    1.26.4'],
    ['uname output', 'Linux c500-node01 5.15.0-105-generic #115-Ubuntu SMP x86_64 GNU/Linux'],
    ['smi box rule', '|=========================================+========================+'],
    ['os-release line', 'PRETTY_NAME="Ubuntu 22.04.4 LTS"'],
  ])('not a header: %s', (_what, line) => {
    expect(commandHeader(line)).toBeUndefined();
  });
});
