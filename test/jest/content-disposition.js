// Jest (before Node 24.9) cannot require() an ES module, and @fastify/static, which serves
// Swagger UI, requires content-disposition 3, which is one. Under Jest only, the same
// function comes from content-disposition 1 (CommonJS, same `create(filename, options)`).
const contentDisposition = require('../../node_modules/content-disposition/index.js');

module.exports = { create: contentDisposition, parse: contentDisposition.parse };
