// dynalite, the DynamoDB stand-in that KclTest gives the Kinesis Client Library for its lease tables:
// in memory, on 127.0.0.1 and a port the system picks (its CLI cannot listen on port 0), with tables
// ACTIVE at once. Prints the port it got, and exits when its standard input closes, so that it does
// not outlive the test that started it.
const dynalite = require("dynalite");

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, "127.0.0.1", () => {
  console.log(`dynalite listening at http://127.0.0.1:${server.address().port}`);
});
process.stdin.on("end", () => server.close(() => process.exit(0)));
process.stdin.resume();
