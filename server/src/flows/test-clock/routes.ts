import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '../../platform/http/schemas.js';
import type { AdjustableClock } from './clock.js';

const ClockState = Type.Object({ now: Type.String({ format: 'date-time' }) });

/**
 * Test only: reads and moves the server's clock. main.ts registers these only with the clock of
 * `testClockFor` (NODE_ENV=test on a loopback address); untagged, so the API reference omits them.
 */
export const testClockRoutes: FastifyPluginAsyncTypebox<{ clock: AdjustableClock }> = async (app, { clock }) => {
  const state = () => ({ now: clock.now().toISOString() });

  app.get('/test/clock', { config: { public: true }, schema: { response: { 200: ClockState } } }, async () => state());

  app.post(
    '/test/clock',
    {
      config: { public: true },
      schema: {
        // Either or both: forward by a number of seconds, then forward to a moment.
        body: Type.Object(
          {
            advanceSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 366 * 86_400 })),
            now: Type.Optional(Type.String({ format: 'date-time' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ClockState, ...errors(400) },
      },
    },
    async (request) => {
      const { advanceSeconds, now } = request.body;
      if (advanceSeconds !== undefined) clock.advance(advanceSeconds);
      if (now !== undefined) clock.advanceTo(new Date(now));
      return state();
    },
  );
};
