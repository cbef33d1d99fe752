#!/usr/bin/env node
import { relaunchWithHeapBound } from './exporter/heap-bound.js';

// Nothing else is loaded before this: when the exporter runs in a child, this process stays small.
const status = await relaunchWithHeapBound(process.argv.slice(2));
if (status === undefined) await import('./cli.js');
else process.exitCode = status;
