// Training and prediction runs, their per-epoch metrics, and the models they produce. The
// training worker process writes these through its own connection to the project file.

import type Database from 'better-sqlite3';
import type { EpochMetrics, ModelInfo, RunInfo, RunStage, RunStatus } from '../../contract/entities.js';
import { CoreError } from '../errors.js';
import { now, stmt } from './rows.js';

interface RawRun {
  id: number;
  kind: RunInfo['kind'];
  status: RunStatus;
  stage: RunStage | null;
  config: string;
  backend: string | null;
  error: string | null;
  checkpoint_dir: string | null;
  created_at: string;
  updated_at: string;
}

interface RawModel {
  id: number;
  name: string;
  kind: ModelInfo['kind'];
  encoder: string;
  dir: string;
  run_id: number | null;
  metrics: string;
  created_at: string;
}

export interface RunUpdate {
  status?: RunStatus | undefined;
  stage?: RunStage | null | undefined;
  backend?: string | null | undefined;
  error?: string | null | undefined;
  checkpointDir?: string | null | undefined;
}

export interface NewModel {
  name: string;
  kind: ModelInfo['kind'];
  encoder: string;
  dir: string;
  runId?: number | null | undefined;
  metrics?: Record<string, number> | undefined;
}

function toModel(r: RawModel): ModelInfo {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    encoder: r.encoder,
    dir: r.dir,
    runId: r.run_id,
    createdAt: r.created_at,
    metrics: JSON.parse(r.metrics) as Record<string, number>,
  };
}

export class RunRepo {
  constructor(private readonly db: Database.Database) {}

  create(kind: RunInfo['kind'], config: Record<string, unknown>, status: RunStatus = 'queued'): RunInfo {
    const at = now();
    const id = Number(
      stmt(this.db, 'INSERT INTO runs (kind, status, stage, config, created_at, updated_at) VALUES (?, ?, NULL, ?, ?, ?)').run(
        kind,
        status,
        JSON.stringify(config),
        at,
        at,
      ).lastInsertRowid,
    );
    return this.get(id);
  }

  get(id: number): RunInfo {
    const r = stmt(this.db, 'SELECT * FROM runs WHERE id = ?').get(id) as RawRun | undefined;
    if (r === undefined) throw new CoreError('NOT_FOUND', `no run ${id}`);
    const metrics = stmt(
      this.db,
      `SELECT stage, epoch, loss, dev_f1 AS devF1, tokens_per_sec AS tokensPerSec, seconds FROM run_metrics WHERE run_id = ? ORDER BY recorded_at, rowid`,
    ).all(id) as EpochMetrics[];
    const modelIds = stmt(this.db, 'SELECT id FROM models WHERE run_id = ? ORDER BY id')
      .all(id)
      .map((m) => (m as { id: number }).id);
    return {
      id: r.id,
      kind: r.kind,
      status: r.status,
      stage: r.stage,
      config: JSON.parse(r.config) as Record<string, unknown>,
      metrics,
      backend: r.backend,
      error: r.error,
      checkpointDir: r.checkpoint_dir,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      modelIds,
    };
  }

  /** Newest first. */
  list(): RunInfo[] {
    return stmt(this.db, 'SELECT id FROM runs ORDER BY id DESC')
      .all()
      .map((r) => this.get((r as { id: number }).id));
  }

  update(id: number, change: RunUpdate): RunInfo {
    const sets: string[] = [];
    const params: unknown[] = [];
    const column = { status: 'status', stage: 'stage', backend: 'backend', error: 'error', checkpointDir: 'checkpoint_dir' } as const;
    for (const key of Object.keys(column) as (keyof RunUpdate)[]) {
      if (change[key] === undefined) continue;
      sets.push(`${column[key]} = ?`);
      params.push(change[key]);
    }
    sets.push('updated_at = ?');
    params.push(now());
    if (this.db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = ?`).run(...params, id).changes === 0)
      throw new CoreError('NOT_FOUND', `no run ${id}`);
    return this.get(id);
  }

  /** Records one epoch; recording the same stage and epoch again (after a resume) replaces it. */
  addMetrics(id: number, m: EpochMetrics): void {
    this.db
      .transaction(() => {
        stmt(
          this.db,
          `INSERT INTO run_metrics (run_id, stage, epoch, loss, dev_f1, tokens_per_sec, seconds, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (run_id, stage, epoch) DO UPDATE SET loss = excluded.loss, dev_f1 = excluded.dev_f1,
             tokens_per_sec = excluded.tokens_per_sec, seconds = excluded.seconds, recorded_at = excluded.recorded_at`,
        ).run(id, m.stage, m.epoch, m.loss, m.devF1, m.tokensPerSec, m.seconds, now());
        stmt(this.db, 'UPDATE runs SET updated_at = ? WHERE id = ?').run(now(), id);
      })
      .immediate();
  }
}

export class ModelRepo {
  constructor(private readonly db: Database.Database) {}

  create(m: NewModel): ModelInfo {
    // A deleted model's id is never given out again: edit-log snapshots keep the model id of
    // predicted spans, and undo must not credit a deleted model's spans to a new model.
    const insert = stmt(
      this.db,
      `INSERT INTO models (id, name, kind, encoder, dir, run_id, metrics, created_at) VALUES (
         max(coalesce((SELECT max(id) FROM models), 0),
             coalesce((SELECT max(json_extract(s.value, '$.modelId')) FROM edits e, json_each(e.before, '$.spans') s), 0),
             coalesce((SELECT max(json_extract(s.value, '$.modelId')) FROM edits e, json_each(e.after, '$.spans') s), 0)) + 1,
         ?, ?, ?, ?, ?, ?, ?)`,
    );
    const id = Number(
      insert.run(m.name, m.kind, m.encoder, m.dir, m.runId ?? null, JSON.stringify(m.metrics ?? {}), now()).lastInsertRowid,
    );
    return this.get(id);
  }

  get(id: number): ModelInfo {
    const r = stmt(this.db, 'SELECT * FROM models WHERE id = ?').get(id) as RawModel | undefined;
    if (r === undefined) throw new CoreError('NOT_FOUND', `no model ${id}`);
    return toModel(r);
  }

  /** A model that can tag text: an external one (imported predictions only) is refused. */
  runnable(id: number): ModelInfo {
    const m = this.get(id);
    if (m.kind === 'external') {
      throw new CoreError('BAD_REQUEST', `model ${id} ("${m.name}") only holds predictions imported from another tool; it cannot tag text`);
    }
    return m;
  }

  /** The external model imported predictions of `name` are credited to, made on first use. */
  external(name: string): ModelInfo {
    const r = stmt(this.db, `SELECT * FROM models WHERE kind = 'external' AND name = ? ORDER BY id LIMIT 1`).get(name) as
      RawModel | undefined;
    return r === undefined ? this.create({ name, kind: 'external', encoder: '', dir: '' }) : toModel(r);
  }

  /** Newest first. */
  list(): ModelInfo[] {
    return (stmt(this.db, 'SELECT * FROM models ORDER BY id DESC').all() as RawModel[]).map(toModel);
  }

  rename(id: number, name: string): ModelInfo {
    if (stmt(this.db, 'UPDATE models SET name = ? WHERE id = ?').run(name, id).changes === 0)
      throw new CoreError('NOT_FOUND', `no model ${id}`);
    return this.get(id);
  }

  setMetrics(id: number, metrics: Record<string, number>): ModelInfo {
    if (stmt(this.db, 'UPDATE models SET metrics = ? WHERE id = ?').run(JSON.stringify(metrics), id).changes === 0)
      throw new CoreError('NOT_FOUND', `no model ${id}`);
    return this.get(id);
  }

  /** Deletes the model row; its predicted spans stay, without a model id. */
  delete(id: number): void {
    if (stmt(this.db, 'DELETE FROM models WHERE id = ?').run(id).changes === 0) throw new CoreError('NOT_FOUND', `no model ${id}`);
  }
}
