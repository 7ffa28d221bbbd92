/**
 * Express 4 and Koa 2, installed as the dev-only npm aliases `express4` and `koa2` so the test
 * apps can run on them beside Express 5 and Koa 3. Typed through the installed `express` and `koa`
 * types: the test apps use only the API the two majors share.
 */
declare module 'express4' {
  import express from 'express';
  export default express;
}

declare module 'koa2' {
  import Koa from 'koa';
  export default Koa;
}
