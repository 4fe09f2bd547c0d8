#!/usr/bin/env node
// A quick check of what per-connection timers cost the server, not part of ctest (the real
// benchmark suite lives next to it in tests/bench/).
//
// Starts `switchboard --headless --service echo` on a free loopback port, opens N idle WebSocket
// connections (Engine.IO v4 + Socket.IO CONNECT to "/", answering pings), and prints the handshake
// rate for every block of 1,000 connections, so that one can see whether handshakes slow down as
// connections accumulate. Then sends SIGTERM and prints how long the server takes to exit.
//
//   node tests/bench/timers_check.js --binary build/app/switchboard --connections 10000
//
// Options: --binary PATH (default build/app/switchboard), --connections N (default 10000),
// --concurrency N handshakes in flight (default 64), --perf-stop FILE (record a `perf` profile of
// the stop alone into FILE; the stop time then includes perf's overhead). Needs `ulimit -n` above
// N + 100. Only connects to 127.0.0.1. The ws package comes from tests/node_modules.

'use strict';

const path = require('path');
const {spawn} = require('child_process');
const WebSocket = require(path.join(__dirname, '..', 'node_modules', 'ws'));

function option(name, fallback)
{
    const index = process.argv.indexOf(`--${name}`);
    return index > 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback;
}

const binary = option('binary', 'build/app/switchboard');
const total = Number(option('connections', '10000'));
const concurrency = Number(option('concurrency', '64'));
const perfStop = option('perf-stop', '');
let perfDone = Promise.resolve();
const Block = 1000;

function startServer()
{
    return new Promise((resolve, reject) => {
        const server = spawn(binary,
            [ '--headless', '--service', 'echo', '--bind', '127.0.0.1', '--port', '0' ],
            {stdio : [ 'ignore', 'pipe', 'inherit' ]});
        let output = '';
        const early = (code, signal) => reject(new Error(`server exited early: ${code} ${signal}`));
        server.on('error', reject);
        server.on('exit', early);
        const onData = (chunk) => {
            output += chunk;
            const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
            if (match) {
                server.off('exit', early);
                server.stdout.off('data', onData);
                server.stdout.resume(); // keep draining what it prints later
                resolve({server, port : Number(match[1])});
            }
        };
        server.stdout.on('data', onData);
    });
}

// Resolves once the Socket.IO CONNECT has been answered; the socket stays open afterwards.
function openOne(port, sockets)
{
    return new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
        let connected = false;
        ws.on('message', (data) => {
            const text = data.toString();
            if (text.startsWith('0{')) {
                ws.send('40');
            } else if (text === '2') {
                ws.send('3'); // the heartbeat: keep the session alive however long the run takes
            } else if (text.startsWith('40') && !connected) {
                connected = true;
                sockets.push(ws);
                resolve();
            }
        });
        ws.on('error', (error) => {
            if (!connected)
                reject(error);
        });
        ws.on('close', () => {
            if (!connected)
                reject(new Error('closed before the CONNECT was answered'));
        });
    });
}

async function main()
{
    const {server, port} = await startServer();
    const sockets = [];
    let started = 0;
    let done = 0;
    let blockStart = process.hrtime.bigint();
    const rates = [];
    async function worker()
    {
        while (started < total) {
            ++started;
            await openOne(port, sockets);
            ++done;
            if (done % Block === 0) {
                const now = process.hrtime.bigint();
                const seconds = Number(now - blockStart) / 1e9;
                rates.push(Block / seconds);
                console.log(`${String(done).padStart(6)} open: ${
                    (Block / seconds).toFixed(0)} handshakes/s over the last ${Block}`);
                blockStart = now;
            }
        }
    }
    const exited
        = new Promise((resolve) => server.on('exit', (code, signal) => resolve({code, signal})));
    await Promise.all(Array.from({length : concurrency}, worker));
    if (perfStop) {
        // Profile only the stop: attach to the running server, give perf a moment to start.
        const perf = spawn('perf',
            [ 'record', '-F', '1999', '-g', '-o', perfStop, '-p', String(server.pid) ],
            {stdio : 'inherit'});
        perfDone = new Promise((resolve) => perf.on('exit', resolve));
        await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const stopStart = process.hrtime.bigint();
    server.kill('SIGTERM');
    const {code, signal} = await exited;
    const stopMs = Number(process.hrtime.bigint() - stopStart) / 1e6;
    console.log(`stop with ${sockets.length} open: ${stopMs.toFixed(0)} ms (exit code ${
        code}, signal ${signal})`);
    console.log(JSON.stringify(
        {connections : total, ratesPerBlock : rates.map(Math.round), stopMs : Math.round(stopMs)}));
    for (const ws of sockets)
        ws.terminate();
    await perfDone;
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
