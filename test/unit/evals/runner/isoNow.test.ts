import assert from 'node:assert/strict';
import { isoNow } from '../../../../src/core/evals/runner/execute';

describe('record times', () => {
  it('isoNow() is exactly toISOString(), at second and millisecond edges and for random times', () => {
    const times = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 1796385414000, 1796385414009, 1796385414099, 1796385414999, 253402300799999];
    for (let i = 0; i < 2000; i++) times.push(Math.floor(Math.random() * 4102444800000));
    for (let t = 1796385414000; t < 1796385417000; t += 7) times.push(t);
    for (const t of times) assert.equal(isoNow(t), new Date(t).toISOString(), String(t));
  });
});
