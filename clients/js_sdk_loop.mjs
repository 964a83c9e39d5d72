// The AWS SDK for JavaScript v3 (@aws-sdk/client-kinesis, pinned in package.json) against
// Tributary: put and get over HTTP/1.1, and SubscribeToShard over cleartext HTTP/2 with
// NodeHttp2Handler. Run by JsSdkTest as: node js_sdk_loop.mjs ENDPOINT. Exits non-zero on the first
// mismatch; prints 'js sdk loop passed' at the end.
import {
  KinesisClient, CreateStreamCommand, DescribeStreamSummaryCommand, PutRecordCommand, PutRecordsCommand,
  GetShardIteratorCommand, GetRecordsCommand, RegisterStreamConsumerCommand, SubscribeToShardCommand,
  DeleteStreamCommand, waitUntilStreamExists,
} from "@aws-sdk/client-kinesis";
import { NodeHttp2Handler } from "@smithy/node-http-handler";
import assert from "node:assert/strict";

const endpoint = process.argv[2];
const common = {
  endpoint, region: "us-east-1", maxAttempts: 2,
  credentials: { accessKeyId: "AKIDTRIBUTARY", secretAccessKey: "secret" },
};
const kinesis = new KinesisClient(common);
const http2 = new KinesisClient({ ...common, requestHandler: new NodeHttp2Handler({ requestTimeout: 30000, sessionTimeout: 30000 }) });
const text = (bytes) => Buffer.from(bytes).toString("utf8");
const stream = "js-sdk";

await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
await waitUntilStreamExists({ client: kinesis, maxWaitTime: 60, minDelay: 1 }, { StreamName: stream });
const arn = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary.StreamARN;
const put = await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: "k", Data: Buffer.from("one") }));
const batch = await http2.send(new PutRecordsCommand({ StreamName: stream, Records: [
  { PartitionKey: "k", Data: Buffer.from("two") }, { PartitionKey: "k", Data: Buffer.from("three") }] }));
assert.equal(batch.FailedRecordCount, 0);
const iterator = (await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: put.ShardId,
  ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
const read = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }));
assert.deepEqual(read.Records.map((r) => text(r.Data)), ["one", "two", "three"]);
assert.equal(read.Records[0].SequenceNumber, put.SequenceNumber);

const consumer = (await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: "js" }))).Consumer.ConsumerARN;
const subscription = await http2.send(new SubscribeToShardCommand({ ConsumerARN: consumer, ShardId: put.ShardId,
  StartingPosition: { Type: "TRIM_HORIZON" } }));
const pushed = [];
let later = false;
for await (const event of subscription.EventStream) {
  assert.ok(event.SubscribeToShardEvent, JSON.stringify(Object.keys(event)));
  pushed.push(...event.SubscribeToShardEvent.Records.map((r) => text(r.Data)));
  if (pushed.length >= 3 && !later) {
    later = true;
    await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: "k", Data: Buffer.from("four") }));
  }
  if (pushed.length >= 4) {
    break;
  }
}
assert.deepEqual(pushed, ["one", "two", "three", "four"]);
await kinesis.send(new DeleteStreamCommand({ StreamName: stream, EnforceConsumerDeletion: true }));
http2.destroy();
kinesis.destroy();
console.log("js sdk loop passed");
