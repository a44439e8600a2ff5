// In-app notifications (mine, mark read) and the one-time code that links a Telegram chat.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { userActor } from '../plugins/auth.ts';
import { errors, uuidParam } from '../schemas.ts';
import { withTenant } from '../../db/tenant.ts';
import { listMyNotifications, markNotificationRead } from '../../notifications/notifications.service.ts';
import { DbTelegramLinkStore } from '../../integrations/telegram/db-link-store.ts';
import { issueLinkCode } from '../../integrations/telegram/link-codes.ts';
import { loadCompanySettings } from '../../reports/report-context.ts';

const notificationSchema = z.object({ id: z.string(), kind: z.string(), title: z.string(), body: z.string(), data: z.record(z.string(), z.unknown()), readAt: z.date().nullable(), createdAt: z.date() });

export function notificationsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.database.db;

  r.get('/api/v1/notifications', {
    schema: { tags: ['notifications'], summary: 'My notifications, newest first', querystring: z.object({ unread: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }), response: { 200: z.object({ notifications: z.array(notificationSchema), unread: z.number() }), ...errors } },
  }, async (request) => listMyNotifications(db, userActor(request), { unreadOnly: request.query.unread === 'true', limit: request.query.limit }));

  r.post('/api/v1/notifications/:id/read', {
    schema: { tags: ['notifications'], summary: 'Mark one of my notifications read', params: uuidParam, response: { 200: notificationSchema, ...errors } },
  }, async (request) => markNotificationRead(db, userActor(request), request.params.id));

  r.post('/api/v1/telegram/link-code', {
    schema: { tags: ['notifications'], summary: 'A one-time code (15 minutes) to link my Telegram chat, and the bot deep link', response: { 200: z.object({ code: z.string(), expiresAt: z.date(), deepLink: z.string().nullable(), botConfigured: z.boolean() }), ...errors } },
  }, async (request) => {
    const actor = userActor(request, ['manager', 'head_of_sales']);
    const settings = await withTenant(db, actor.companyId, (tx) => loadCompanySettings(tx, actor.companyId));
    const botUsername = typeof settings.settings.telegramBotUsername === 'string' ? settings.settings.telegramBotUsername : undefined;
    const issued = await issueLinkCode(new DbTelegramLinkStore(db), { companyId: actor.companyId, userId: actor.userId, role: actor.role === 'manager' ? 'manager' : 'head_of_sales' }, { now: new Date(), ...(botUsername ? { botUsername } : {}) });
    return { ...issued, botConfigured: Boolean(ctx.config.telegram.botToken) };
  });
}
