import { describe, expect, it } from 'vitest';

describe('the Node line the tests run on', () => {
  it('is the one scripts/test-node-lines.sh asked for (TFO_EXPECT_NODE), in the test worker itself', () => {
    // Printed, so the log of each line's run says which binary really ran the workers.
    console.log(`test worker: Node ${process.version} (${process.execPath})`);
    const expected = process.env.TFO_EXPECT_NODE;
    if (expected !== undefined) expect(process.version).toMatch(new RegExp(`^v${expected}\\.`));
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(20);
  });
});
