import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import { STAGES, type PipelineQueues } from '../queues/index.js';

export const BULL_BOARD_PATH = '/queues';

/**
 * Bull Board for the three queues, read-only: inspecting jobs is what it is for here; the one write
 * the server offers is the dashboard's retry of failed jobs.
 */
export async function mountBullBoard(app: FastifyInstance, queues: PipelineQueues): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: STAGES.map((stage) => new BullMQAdapter(queues[stage], { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'newsflow queues' } },
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
}
