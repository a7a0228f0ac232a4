import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { staffOnly } from '../../platform/http/context.js';
import { errors } from '../../platform/http/schemas.js';
import type { OverviewService } from './overview.js';

const OverviewSchema = Type.Object({
  pending: Type.Integer(),
  overdue: Type.Integer({ description: 'Pending past their deadline' }),
  decidedThisWeek: Type.Integer({ description: 'Decisions since Monday 00:00 China Standard Time' }),
  medianReviewSeconds: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Median time from submission to decision, decisions of the last 30 days; null without any',
  }),
  days: Type.Array(
    Type.Object({
      date: Type.String({ description: 'YYYY-MM-DD, China Standard Time' }),
      submitted: Type.Integer(),
      decided: Type.Integer(),
    }),
    { description: 'The last 30 days, oldest first, today last' },
  ),
});

/** GET /api/v1/admin/overview: the review console's 工作台. */
export const overviewRoutes: FastifyPluginAsyncTypebox<{ overview: OverviewService }> = async (app, { overview }) => {
  app.get(
    '/admin/overview',
    {
      schema: {
        tags: ['review'],
        summary: 'Staff overview: pending, overdue, decided this week, median review time, 30 days per day',
        response: { 200: OverviewSchema, ...errors(401, 403) },
      },
    },
    async (request) => {
      staffOnly(request);
      return overview.overview();
    },
  );
};
