import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);
import{a,b,c,d}from"./chunk-Y7FOSPLS.mjs";import"./chunk-L5PIALVW.mjs";import"./chunk-TP2M3CAD.mjs";import"./chunk-6PQLOKPI.mjs";import"./chunk-6KPKVMY4.mjs";export{b as MAX_TEXT_BYTES,a as STREAM_JSON_BYTES,d as artifactFromText,c as openArtifact};
