#!/usr/bin/env node
// Local Cosmos DB (SQL API) test server for the C# contract tests.
//
// Starts @vercel/cosmosdb-server 1.0.1 (in-memory, any key accepted) and patches its internals
// to fix what the .NET SDK (Microsoft.Azure.Cosmos 3.x, Gateway mode) needs. The package is
// pinned to an exact version in package.json because these patches rely on its private modules.
//
//   node tests/emulators/cosmos-server.js [--port 8081] [--host 127.0.0.1] [--no-ssl] [--log]
//
// Prints "cosmos-server listening on <url>" once ready (--port 0 picks a free port).
"use strict";

const path = require("path");

const LIB = path.join(path.dirname(require.resolve("@vercel/cosmosdb-server/package.json")), "lib");
const lib = (name) => require(path.join(LIB, name));
const fromLib = (name) => require(require.resolve(name, { paths: [LIB] }));

const server = lib("index");
const accountModule = lib("account/index");
const routesModule = lib("routes");
const Documents = lib("account/documents").default;
const Collections = lib("account/collections").default;
const readJson = lib("json").default;
const pathMatch = lib("path-match").default;
const getValue = lib("utils/get-value").default;
const cosmosQuery = fromLib("@zeit/cosmosdb-query");
const QUERY_LIB = path.dirname(require.resolve("@zeit/cosmosdb-query", { paths: [LIB] }));
const queryHelpers = require(path.join(QUERY_LIB, "helpers"));
const transform = require(path.join(QUERY_LIB, "transformer")).default;
const generate = require(require.resolve("@babel/generator", { paths: [QUERY_LIB] })).default;

// ---------------------------------------------------------------------------------------------
// 1. Query engine speed. The generated code builds rows with `reduce(($, c) => [...$, {c}], [])`,
//    which copies the accumulator on every row: O(n^2), 17 s for 50,000 documents. Rewrite each
//    `[...$, x]` into `$h.push_($, x)` (append in place) and make stripUndefined linear too.
// ---------------------------------------------------------------------------------------------
queryHelpers.push_ = (acc, ...items) => { for (const it of items) acc.push(it); return acc; };
function appendInPlace(node) {
  if (!node || typeof node !== "object") return;
  for (const key of Object.keys(node)) {
    const child = node[key];
    if (child && child.type === "ArrayExpression" && child.elements[0] && child.elements[0].type === "SpreadElement"
        && child.elements[0].argument.type === "Identifier" && child.elements[0].argument.name === "$") {
      node[key] = { type: "CallExpression",
        callee: { type: "MemberExpression", object: { type: "Identifier", name: "$h" }, property: { type: "Identifier", name: "push_" } },
        arguments: [child.elements[0].argument, ...child.elements.slice(1)] };
    }
    appendInPlace(node[key]);
  }
}
Object.defineProperty(Object.getPrototypeOf(cosmosQuery.default("SELECT * FROM c")), "code", {
  get() {
    if (!this._code) { const js = transform(this.ast); appendInPlace(js); this._code = generate(js).code; }
    return this._code;
  },
});
queryHelpers.stripUndefined = function strip(v) {
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(strip);
  if (v && typeof v === "object") {
    const out = {};
    for (const k of Object.keys(v)) if (v[k] !== undefined) out[k] = strip(v[k]);
    return out;
  }
  return v;
};

// ---------------------------------------------------------------------------------------------
// 2. Change-feed sequence numbers and TTL. Every document write goes through Documents._set
//    (replace = delete + _set), so the documents Map stays ordered by last write. Each write gets
//    a global, increasing LSN (hidden, non-enumerable) that the change feed uses as its etag.
// ---------------------------------------------------------------------------------------------
let lsn = 0;
const hidden = (obj, key, value) => Object.defineProperty(obj, key, { value, writable: true, enumerable: false });
const baseSet = Documents.prototype._set;
Documents.prototype._set = function set(data) {
  const doc = baseSet.call(this, data);
  hidden(doc, "_lsn", ++lsn);
  hidden(doc, "_writtenMs", Date.now());
  return doc;
};

// Container `defaultTtl` (seconds; -1 = on without default; absent = off) and item `ttl`.
function isExpired(collectionData, doc, now = Date.now()) {
  const def = collectionData && collectionData.defaultTtl;
  if (def === undefined || def === null) return false; // TTL off: item ttl is ignored (as in Cosmos)
  const ttl = typeof doc.ttl === "number" ? doc.ttl : def;
  return ttl > 0 && now >= doc._writtenMs + ttl * 1000;
}
function removeDoc(docs, doc) { // the stock Items.delete without its lookup (avoids recursion)
  for (const keyPath of docs._uniqueKeyPaths) {
    const value = getValue(keyPath.slice(1).split("/"), doc);
    docs._index.delete(docs._getId(keyPath, value, docs._getPartition(doc)));
  }
  docs._data.delete(doc._rid);
}
// Every id lookup (read, replace, upsert, patch, delete, create's conflict check) drops an
// expired document first, so it behaves as deleted.
const baseItem = Documents.prototype._item;
Documents.prototype._item = function item(keyPath, value, partition) {
  const found = baseItem.call(this, keyPath, value, partition);
  const doc = found.read();
  if (doc && isExpired(this._parent.read(), doc)) { removeDoc(this, doc); return this._newItem(); }
  return found;
};

// Replacing a container (e.g. to change defaultTtl) created a new, empty one: keep the data.
const baseCollReplace = Collections.prototype.replace;
Collections.prototype.replace = function replace(data, original) {
  const before = this._data.get(original._rid);
  const result = baseCollReplace.call(this, data, original);
  const after = this._data.get(result._rid);
  if (before && after && before !== after) {
    for (const k of ["documents", "partitionKeyRanges", "userDefinedFunctions"]) { after[k] = before[k]; after[k]._parent = after; }
  }
  return result;
};

// ---------------------------------------------------------------------------------------------
// 3. Helpers for our own handlers.
// ---------------------------------------------------------------------------------------------
const CODES = { 400: "BadRequest", 404: "NotFound", 409: "Conflict", 412: "PreconditionFailed", 500: "InternalServerError" };
const NOT_FOUND = "Entity with the specified id does not exist in the system.";
function fail(res, status, message) {
  res.statusCode = status;
  return { code: CODES[status] || "Error", message };
}
const isNone = (v) => v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0;
function partitionKeyHeader(req) { // x-ms-documentdb-partitionkey: JSON array, [{}] = PartitionKey.None
  const raw = req.headers["x-ms-documentdb-partitionkey"];
  if (!raw) return undefined;
  try { const v = JSON.parse(raw); return Array.isArray(v) ? v : [v]; } catch (e) { return undefined; }
}
function partitionFilter(collection, pk) {
  if (!pk) return () => true;
  const paths = ((collection.read().partitionKey || {}).paths || ["/id"]).map((p) => p.slice(1).split("/"));
  return (doc) => pk.every((v, i) => (isNone(v) ? getValue(paths[i] || [], doc) === undefined : getValue(paths[i] || [], doc) === v));
}
// Live documents, optionally scoped to a partition key, in last-write order (expired ones are
// dropped on the way, so TTL needs no timer).
function liveDocs(collection, pk) {
  const matches = partitionFilter(collection, pk);
  const collData = collection.read();
  const now = Date.now();
  const out = [];
  for (const entry of collection.documents._data.values()) {
    const doc = entry.read();
    if (doc && isExpired(collData, doc, now)) removeDoc(collection.documents, doc);
    else if (doc && matches(doc)) out.push(doc);
  }
  return out;
}
function paging(req) {
  const max = parseInt(req.headers["x-ms-max-item-count"] || "-1", 10);
  let continuation = null;
  try { continuation = req.headers["x-ms-continuation"] ? JSON.parse(req.headers["x-ms-continuation"]) : null; } catch (e) { /* ignore */ }
  return { maxItemCount: max > 0 ? max : null, continuation };
}
function feedPage(res, collection, docs, continuation) {
  if (continuation) res.setHeader("x-ms-continuation", JSON.stringify(continuation));
  res.setHeader("x-ms-item-count", String(docs.length));
  res.statusCode = 200;
  return { _rid: collection.read()._rid, Documents: docs, _count: docs.length };
}

// ---------------------------------------------------------------------------------------------
// 4. Handlers that replace or extend the stock routes.
// ---------------------------------------------------------------------------------------------
// GET .../docs/:docId — stock crashed (500) on a missing document.
function readDocument(account, req, res, { dbId, collId, docId }) {
  const collection = account.database(dbId).collection(collId);
  if (!collection.read()) return fail(res, 404, "Resource Not Found");
  const pk = partitionKeyHeader(req);
  const partition = pk && pk[0] !== undefined && !isNone(pk[0]) ? pk[0] : docId;
  const doc = collection.document(docId, partition).read();
  if (!doc || !partitionFilter(collection, pk)(doc)) return fail(res, 404, NOT_FOUND);
  res.statusCode = 200;
  return doc;
}

// The .NET SDK asks for a query plan first (it has no local query parser on Linux). There is
// only one physical partition range here, so always answer "passthrough": the SDK then sends
// the original query text and this server runs all of it (ORDER BY, TOP, OFFSET/LIMIT, COUNT).
async function queryPlan(account, req) {
  await readJson(req).catch(() => null);
  return {
    partitionedQueryExecutionInfoVersion: 2,
    queryInfo: {
      distinctType: "None", top: null, offset: null, limit: null, orderBy: [], orderByExpressions: [],
      groupByExpressions: [], groupByAliases: [], aggregates: [], groupByAliasToAggregateType: {},
      rewrittenQuery: "", hasSelectValue: false, hasNonStreamingOrderBy: false,
    },
    queryRanges: [{ min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false }],
  };
}

// POST .../docs (query). Scoped to the partition-key header; OFFSET n LIMIT m (not in the stock
// parser) is cut off the query text and applied to the full result, paged with an "OL:" token.
const OFFSET_LIMIT = /\s+OFFSET\s+(@\w+|\d+)\s+LIMIT\s+(@\w+|\d+)\s*$/i;
async function queryDocuments(account, req, res, { dbId, collId }, spec) {
  const body = spec || (await readJson(req).catch(() => null));
  if (!body || !body.query) return fail(res, 400, "missing query");
  const collection = account.database(dbId).collection(collId);
  if (!collection.read()) return fail(res, 404, "Resource Not Found");
  const parameters = body.parameters || [];
  const param = (v) => (v[0] === "@" ? (parameters.find((p) => p.name === v) || {}).value : parseInt(v, 10));
  const ol = OFFSET_LIMIT.exec(body.query);
  const { maxItemCount, continuation } = paging(req);
  const docs = collection.documents;
  const options = { parameters, udf: docs._userDefinedFunctions(), compositeIndexes: (collection.read().indexingPolicy || {}).compositeIndexes || [] };
  let page;
  try {
    const query = docs._getQuery(ol ? body.query.slice(0, ol.index) : body.query);
    const rows = liveDocs(collection, partitionKeyHeader(req));
    if (!ol) {
      page = query.exec(rows, { ...options, maxItemCount, continuation });
    } else {
      const all = query.exec(rows, options).result.slice(param(ol[1]), param(ol[1]) + param(ol[2]));
      const start = continuation && /^OL:\d+$/.test(continuation.token) ? Number(continuation.token.slice(3)) : 0;
      const end = maxItemCount ? start + maxItemCount : all.length;
      page = { result: all.slice(start, end), continuation: end < all.length ? { token: `OL:${end}`, range: { min: "", max: "FF" } } : null };
    }
  } catch (err) {
    return fail(res, 400, `Query failed: ${err.message}`);
  }
  return feedPage(res, collection, page.result, page.continuation);
}

// GET .../docs without A-IM = ReadFeed: same as SELECT * FROM c (TTL filter, partition scope).
const readFeed = (account, req, res, params) => queryDocuments(account, req, res, params, { query: "SELECT * FROM c" });

// GET .../docs with "A-IM: Incremental feed" = change feed, latest-version mode. The etag is the
// LSN of the last document returned; If-None-Match sends it back ("*" = from now, none = from
// the beginning). Each document appears once, at its latest version, in write order.
function changeFeed(account, req, res, { dbId, collId }) {
  delete req.headers["a-im"]; // stops the stock response code from overwriting our etag/status
  const collection = account.database(dbId).collection(collId);
  if (!collection.read()) return fail(res, 404, "Resource Not Found");
  const inm = String(req.headers["if-none-match"] || "").replace(/"/g, "");
  const since = inm === "*" ? lsn : parseInt(inm, 10) || 0;
  const ims = req.headers["if-modified-since"] ? Date.parse(req.headers["if-modified-since"]) : NaN;
  const { maxItemCount } = paging(req);
  const docs = [];
  let etag = lsn; // nothing after this point yet
  for (const doc of liveDocs(collection, partitionKeyHeader(req))) {
    if (doc._lsn <= since || (!Number.isNaN(ims) && doc._writtenMs < ims)) continue;
    docs.push(doc);
    if (maxItemCount && docs.length >= maxItemCount) { etag = doc._lsn; break; }
  }
  res.setHeader("etag", `"${Math.max(etag, since)}"`);
  if (!docs.length) { res.setHeader("x-ms-item-count", "0"); res.statusCode = 304; return {}; } // SDK parses the count
  return feedPage(res, collection, docs, null);
}

// Every stock handler: missing resources give 404 (not 500), errors carry a Cosmos-like body
// {code, message}; a non-JSON body (the .NET SDK's binary batch format) gives 400, not 500.
const wrapStock = (handler) => async (account, req, res, params) => {
  let body;
  try {
    body = await handler(account, req, res, params);
  } catch (err) {
    if (err instanceof SyntaxError) return fail(res, 400, "Request body is not JSON (TransactionalBatch/bulk in the .NET SDK's binary format is not supported by this emulator).");
    throw err;
  }
  if (res.statusCode >= 400) {
    body = { ...(body || {}) };
    body.code = body.code || CODES[res.statusCode] || "Error";
    body.message = body.message || (res.statusCode === 404 ? NOT_FOUND : CODES[res.statusCode] || "Error");
  }
  return body;
};

// ---------------------------------------------------------------------------------------------
// 5. Routing: our handlers first, then the stock routes (wrapped).
// ---------------------------------------------------------------------------------------------
const isTrue = (req, name) => String(req.headers[name] || "").toLowerCase() === "true";
const DOCS = pathMatch("/dbs/:dbId/colls/:collId/docs");
const DOC = pathMatch("/dbs/:dbId/colls/:collId/docs/:docId");
function ownRoute(req, pathname) {
  const docs = DOCS(pathname);
  if (docs && req.method === "POST") {
    if (isTrue(req, "x-ms-cosmos-is-query-plan-request")) return [docs, queryPlan];
    if (isTrue(req, "x-ms-documentdb-isquery") || /application\/query\+json/i.test(req.headers["content-type"] || "")) return [docs, queryDocuments];
  }
  if (docs && req.method === "GET") return [docs, /incremental/i.test(req.headers["a-im"] || "") ? changeFeed : readFeed];
  const doc = DOC(pathname);
  if (doc && req.method === "GET") return [doc, readDocument];
  return undefined;
}
const stockRoutes = routesModule.default;
routesModule.default = (req) => {
  const pathname = req.url.split("?")[0].replace(/^\/\//, "/").replace(/(.)\/+$/, "$1"); // as the stock router
  const own = ownRoute(req, pathname);
  if (own) return own;
  const stock = stockRoutes(req);
  return stock && [stock[0], wrapStock(stock[1])];
};

// The account document advertises https://; advertise the scheme we really serve.
let scheme = "https";
const BaseAccount = accountModule.default;
accountModule.default = class Account extends BaseAccount {
  constructor(host, port) {
    super(host, port);
    const data = this.read();
    for (const loc of [...data.writableLocations, ...data.readableLocations]) loc.databaseAccountEndpoint = `${scheme}://${host}:${port}/`;
  }
};

// ---------------------------------------------------------------------------------------------
// 6. Start.
// ---------------------------------------------------------------------------------------------
function start({ port = 8081, host = "127.0.0.1", ssl = true, log = false } = {}) {
  scheme = ssl ? "https" : "http";
  const srv = (ssl ? server.createHttpsServer : server.createHttpServer)({ keepAlive: true });
  if (log) { // --log: one stderr line per request, for debugging a test
    srv.on("request", (req, res) => {
      const t0 = Date.now();
      const h = Object.entries(req.headers).filter(([k]) => /^(x-ms-(documentdb|cosmos|max|continuation)|a-im|if-)/.test(k));
      res.on("finish", () => console.error(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - t0}ms ${h.map(([k, v]) => `${k}=${v}`).join(" ")}`));
    });
  }
  srv.keepAliveTimeout = 120000; // longer than .NET's pooled-connection idle timeout (60 s)
  srv.headersTimeout = 121000;
  return new Promise((resolve, reject) => {
    srv.once("error", reject);
    srv.listen(port, host, () => {
      const a = srv.address();
      const shownHost = a.family === "IPv6" ? `[${a.address}]` : a.address;
      resolve({ server: srv, url: `${scheme}://${shownHost}:${a.port}/` });
    });
  });
}

function main(argv) {
  const opts = { port: 8081, host: "127.0.0.1", ssl: true };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === "--port" || a === "-p") opts.port = parseInt(argv[++i], 10);
    else if (a === "--host") opts.host = argv[++i];
    else if (a === "--no-ssl") opts.ssl = false;
    else if (a === "--log") opts.log = true;
    else { console.log("usage: node cosmos-server.js [--port 8081] [--host 127.0.0.1] [--no-ssl] [--log]"); process.exit(a === "--help" || a === "-h" ? 0 : 2); }
  }
  start(opts).then(({ server: srv, url: where }) => {
    console.log(`cosmos-server listening on ${where}`);
    const stop = () => { srv.close(); if (srv.closeAllConnections) srv.closeAllConnections(); process.exit(0); };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  }, (err) => { console.error(`cosmos-server failed to start: ${err.message}`); process.exit(1); });
}

module.exports = { start };
if (require.main === module) main(process.argv.slice(2));
