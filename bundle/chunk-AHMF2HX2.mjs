import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);
import{a}from"./chunk-ACMMQKZR.mjs";import"./chunk-L5PBDF6B.mjs";import"./chunk-SKGV3XJJ.mjs";import"./chunk-M3OW5BPU.mjs";import"./chunk-5IN3EMD7.mjs";import"./chunk-QFEHFAVS.mjs";import"./chunk-TP2M3CAD.mjs";import"./chunk-6KPKVMY4.mjs";export{a as parseArtifact};
