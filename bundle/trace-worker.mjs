import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);
import{b as o,d as r}from"./chunk-33FRIPIL.mjs";import"./chunk-6PQLOKPI.mjs";import"./chunk-6KPKVMY4.mjs";import{parentPort as a,workerData as e}from"node:worker_threads";var{file:s,split:t}=e;a.postMessage(await o(r(s,t.offset),t));
