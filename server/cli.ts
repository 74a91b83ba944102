import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { classifyTitle } from '../shared/authority';
import { DEFAULT_CHARTER, ZCharter, type TCharter } from '../shared/charter';
import { CRITERIA } from '../shared/levels';
import { ZEvent, ZLead } from '../shared/schemas';
import { evaluateLead, type TEvaluation } from '../shared/scoring/evaluate';
import { slaTierFor } from '../shared/sla';
import { generateTalkingPoints, type TTalkingPoint } from '../shared/talking-points';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  charter [--file CHARTER.json]        print the charter (the default one unless --file), validated
  title "<job title>"                  how a job title is read for authority
  score LEAD.json [--at ISO] [--charter CHARTER.json] [--json]
                                       score a lead: {"lead": {...}, "events": [...]}`;

const ZScoreInput = z.object({ lead: ZLead, events: z.array(ZEvent).default([]) });

class UsageError extends Error {}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`${what} is invalid:\n${z.prettifyError(result.error)}`);
  return result.data;
}

async function loadCharter(path: string | undefined): Promise<TCharter> {
  return path ? parseWith(ZCharter, await readJson(path), path) : DEFAULT_CHARTER;
}

function printEvaluation(evaluation: TEvaluation, talkingPoints: TTalkingPoint[]): void {
  const { stage } = evaluation;
  console.log(`Stage: ${stage.stage.toUpperCase()}${stage.path ? ` (${stage.path})` : ''} — ${stage.reason}`);
  console.log(`Charter v${evaluation.charterVersion}, evaluated at ${evaluation.at}\n`);
  for (const criterion of CRITERIA) {
    const score = evaluation.criteria[criterion];
    const mark = (met: boolean) => (met ? 'met' : 'not met');
    console.log(`${criterion.toUpperCase()}  ${score.level}  ${score.points} pts`);
    console.log(`  MQL needs ${score.thresholds.mql} (${mark(score.meetsMql)}) · SQL needs ${score.thresholds.sql} (${mark(score.meetsSql)})`);
    console.log(`  ${score.summary}`);
    for (const signal of score.signals) {
      console.log(`    ${signal.points >= 0 ? '+' : ''}${signal.points}  ${signal.label}${signal.at ? `  [${signal.at}]` : ''}`);
    }
  }
  if (stage.missingForNext.length > 0) {
    console.log(`\nFor the next stage: ${stage.missingForNext.map((c) => `${c.criterion} ${c.actual} → ${c.required}`).join(', ')}`);
  }
  console.log('\nTalking points:');
  for (const point of talkingPoints) {
    console.log(`  • ${point.text}${point.question ? `\n    Ask: ${point.question}` : ''}`);
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      at: { type: 'string' },
      charter: { type: 'string' },
      file: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }

  switch (command) {
    case 'charter': {
      console.log(JSON.stringify(await loadCharter(values.file), null, 2));
      return;
    }
    case 'title': {
      const title = rest.join(' ');
      if (!title) throw new UsageError('title: give a job title, e.g. npm run cli -- title "VP Sales"');
      const result = classifyTitle(title, DEFAULT_CHARTER.authority.overrides);
      console.log(values.json ? JSON.stringify(result, null, 2) : `${result.level} (${result.rule}): ${result.explanation}`);
      return;
    }
    case 'score': {
      const [file] = rest;
      if (!file) throw new UsageError('score: give a JSON file with {"lead": {...}, "events": [...]}');
      const charter = await loadCharter(values.charter);
      const input = parseWith(ZScoreInput, await readJson(file), file);
      const at = values.at ? new Date(values.at) : new Date();
      if (Number.isNaN(at.getTime())) throw new UsageError(`--at: expected an ISO-8601 date-time, got "${values.at}"`);
      const evaluation = evaluateLead({ lead: input.lead, events: input.events, charter, at });
      const talkingPoints = generateTalkingPoints({ events: input.events, evaluation, charter, at });
      const sla = slaTierFor(evaluation.criteria.intent.level, charter.sla);
      if (values.json) {
        console.log(JSON.stringify({ evaluation, talkingPoints, slaTier: sla }, null, 2));
      } else {
        printEvaluation(evaluation, talkingPoints);
        console.log(`\nSLA tier at handover: ${sla.tier} intent → first touch within ${sla.businessHours} business hours.`);
      }
      return;
    }
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`error: ${(error as Error).message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
