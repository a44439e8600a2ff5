// Repeated statements run as named prepared statements on both engines (src/db/prepared-statements.ts):
// the answers are the ones an unnamed statement gives (long values too, which PGlite gets as
// UTF-8 bytes once named), row-level security follows each run's role, errors keep their codes and roll the
// transaction back, and on PGlite concurrent queries of one transaction each get their own rows.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { asSystem, withTenant } from '../../src/db/tenant.ts';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';

const probes = pgTable('prepared_probe', {
  id: uuid('id').primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  data: jsonb('data').$type<Record<string, unknown>>(),
  n: integer('n'),
  ok: boolean('ok').notNull(),
  tags: text('tags').array(),
  note: text('note'),
});

const rowsOf = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<Record<string, unknown>>;

for (const { kind, skip } of await engines()) {
  void describe(`prepared statements (${kind})`, { skip }, () => {
    let testDb: TestDatabase;
    before(async () => {
      testDb = await createTestDatabase(kind);
      await testDb.database.db.execute(sql`create table prepared_probe (id uuid primary key, at timestamptz not null, data jsonb, n int, ok boolean not null, tags text[], note text)`);
    });
    after(async () => {
      await testDb?.drop();
    });

    void test('a repeated statement is prepared and answers exactly as before', async () => {
      const db = testDb.database.db;
      const id = randomUUID();
      const at = new Date('2026-03-12T07:15:00.123Z');
      await asSystem(db, (tx) => tx.insert(probes).values({ id, at, data: { a: [1, 'два'], b: null }, n: 42, ok: true, tags: ['x', 'y "z"'], note: null }));
      const answers = [];
      for (let run = 0; run < 6; run++) {
        answers.push(await asSystem(db, async (tx) => {
          const [row] = await tx.select().from(probes).where(eq(probes.id, id));
          const prepared = rowsOf(await tx.execute(sql`select count(*)::int as n from pg_prepared_statements where name like 'mentor_%' and statement like '%prepared_probe%'`))[0]!.n;
          return { row, prepared };
        }));
      }
      assert.deepEqual(answers[0]!.row, { id, at, data: { a: [1, 'два'], b: null }, n: 42, ok: true, tags: ['x', 'y "z"'], note: null });
      for (const answer of answers) assert.deepEqual(answer.row, answers[0]!.row);
      assert.equal(answers[0]!.prepared, 0, 'unnamed at first');
      assert.ok(Number(answers[5]!.prepared) >= 1, 'named after a few runs');
    });

    void test('one statement shared by system and tenant transactions: row-level security follows the role of each run', async () => {
      const db = testDb.database.db;
      await db.execute(sql`create table prepared_tenant_probe (company_id uuid not null, note text not null)`);
      await db.execute(sql`alter table prepared_tenant_probe enable row level security`);
      await db.execute(sql`create policy tenant_isolation on prepared_tenant_probe to mentor_app using (company_id = mentor_current_company())`);
      await db.execute(sql`grant select on prepared_tenant_probe to mentor_app`);
      const [a, b] = [randomUUID(), randomUUID()];
      await db.execute(sql`insert into prepared_tenant_probe values (${a}, 'a'), (${b}, 'b')`);
      const notes = (rows: unknown) => rowsOf(rows).map((row) => row.note);
      const read = sql`select note from prepared_tenant_probe order by note`;
      for (let run = 0; run < 6; run++) assert.deepEqual(notes(await asSystem(db, (tx) => tx.execute(read))), ['a', 'b']);
      for (let run = 0; run < 6; run++) {
        assert.deepEqual(notes(await withTenant(db, a, (tx) => tx.execute(read))), ['a']);
        assert.deepEqual(notes(await withTenant(db, b, (tx) => tx.execute(read))), ['b']);
      }
      assert.deepEqual(notes(await asSystem(db, (tx) => tx.execute(read))), ['a', 'b']);
      // prepared statements belong to a connection: read and look in the same transaction
      const prepared = await withTenant(db, a, async (tx) => {
        await tx.execute(read);
        return tx.execute(sql`select count(*)::int as n from pg_prepared_statements where statement like '%from prepared_tenant_probe order by note%'`);
      });
      assert.equal(rowsOf(prepared)[0]!.n, 1, 'the read ran as one named statement');
    });

    void test('long text and jsonb values are stored exactly, before and after their statement is named', async () => {
      const db = testDb.database.db;
      const long = (run: number) => `${'Менеджер: добрый день, «Ромашка» 😀 '.repeat(40)}${run}`;
      for (let run = 0; run < 6; run++) {
        const id = randomUUID();
        const data = { transcript: long(run), quote: 'a "quoted" \\ back\\slash', run };
        await asSystem(db, (tx) => tx.insert(probes).values({ id, at: new Date(), ok: true, note: long(run), data }));
        const [row] = await asSystem(db, (tx) => tx.select({ note: probes.note, data: probes.data }).from(probes).where(eq(probes.id, id)));
        assert.deepEqual(row, { note: long(run), data });
      }
      for (let run = 0; run < 4; run++) {
        // a NUL character is refused as PostgreSQL refuses it in text (22021), named or not
        await assert.rejects(asSystem(db, (tx) => tx.insert(probes).values({ id: randomUUID(), at: new Date(), ok: true, note: `${long(run)}\u0000` })),
          (error: { cause?: { code?: string } }) => error.cause?.code === '22021');
      }
    });

    void test('a prepared statement that fails keeps its error code, rolls back its transaction, and runs again afterwards', async () => {
      const db = testDb.database.db;
      const id = randomUUID();
      const insert = (note: string) => asSystem(db, async (tx) => {
        await tx.insert(probes).values({ id: randomUUID(), at: new Date(), ok: false, note: `${note}-other` });
        await tx.insert(probes).values({ id, at: new Date(), ok: false, note });
      });
      await insert('first');
      for (let run = 0; run < 4; run++) {
        await assert.rejects(insert(`again-${run}`), (error: { cause?: { code?: string } }) => error.cause?.code === '23505');
      }
      const notes = rowsOf(await db.execute(sql`select note from prepared_probe where note like 'first%' or note like 'again%' order by note`)).map((row) => row.note);
      assert.deepEqual(notes, ['first', 'first-other'], 'the failed transactions left nothing');
      const fresh = randomUUID();
      await asSystem(db, (tx) => tx.insert(probes).values({ id: fresh, at: new Date(), ok: true, note: 'after' }));
      assert.equal(rowsOf(await db.execute(sql`select note from prepared_probe where id = ${fresh}`))[0]!.note, 'after');
    });

    // pg queues one client's queries itself (and warns that it is deprecated); PGlite needs the wrapper's turn-taking
    void test('concurrent queries of one transaction each get their own rows', { skip: kind === 'postgres' ? 'pg queues a client\'s queries itself' : false }, async () => {
      const db = testDb.database.db;
      const ids = Array.from({ length: 20 }, () => randomUUID());
      await asSystem(db, (tx) => tx.insert(probes).values(ids.map((id, n) => ({ id, at: new Date(), ok: true, n }))));
      for (let round = 0; round < 3; round++) {
        const found = await asSystem(db, (tx) => Promise.all(ids.map(async (id) => (await tx.select({ n: probes.n }).from(probes).where(eq(probes.id, id)))[0]!.n)));
        assert.deepEqual(found, ids.map((_, n) => n));
      }
    });
  });
}
