import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);
import{a}from"./chunk-BDG2IEXL.mjs";import"./chunk-VSP4MNV4.mjs";import"./chunk-36YOLAVH.mjs";import"./chunk-Z32UBWTM.mjs";import"./chunk-5IN3EMD7.mjs";import"./chunk-QFEHFAVS.mjs";import"./chunk-TP2M3CAD.mjs";import"./chunk-6KPKVMY4.mjs";export{a as parseArtifact};
