"""boto3/botocore (Debian's python3-boto3) against Tributary: a stream's life, the model's
paginators and waiters. Run by Boto3Test as: /usr/bin/python3 boto3_loop.py ENDPOINT.
Exits non-zero with the reason on the first mismatch; prints 'boto3 loop passed' at the end."""
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
kinesis = boto3.client(
    "kinesis", endpoint_url=endpoint, region_name="us-east-1",
    aws_access_key_id="AKIDTRIBUTARY", aws_secret_access_key="secret",
    config=Config(connect_timeout=10, read_timeout=30, retries={"max_attempts": 2}))
fast = {"Delay": 1, "MaxAttempts": 30}


def check(condition, message):
    if not condition:
        raise AssertionError(message)


for index in range(3):
    kinesis.create_stream(StreamName="boto-%d" % index, ShardCount=5 if index == 0 else 1)
    kinesis.get_waiter("stream_exists").wait(StreamName="boto-%d" % index, WaiterConfig=fast)
stream = "boto-0"

put = kinesis.put_record(StreamName=stream, PartitionKey="customer-1", Data=b"hello")
entries = kinesis.put_records(StreamName=stream, Records=[
    {"PartitionKey": "customer-1", "Data": b"more-%d" % i} for i in range(3)])
check(entries["FailedRecordCount"] == 0, entries)
iterator = kinesis.get_shard_iterator(StreamName=stream, ShardId=put["ShardId"],
                                      ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
records = kinesis.get_records(ShardIterator=iterator)["Records"]
check([r["Data"] for r in records] == [b"hello", b"more-0", b"more-1", b"more-2"], records)
check(records[0]["SequenceNumber"] == put["SequenceNumber"], records)

all_ids = ["shardId-%012d" % i for i in range(5)]
# ListShards paginator: MaxItems alone cuts client-side and resumes from the first page.
shards = kinesis.get_paginator("list_shards")
first = shards.paginate(StreamName=stream, PaginationConfig={"MaxItems": 2}).build_full_result()
check([s["ShardId"] for s in first["Shards"]] == all_ids[:2], first)
rest = shards.paginate(StreamName=stream, PaginationConfig={"StartingToken": first["NextToken"]}).build_full_result()
check([s["ShardId"] for s in first["Shards"] + rest["Shards"]] == all_ids, rest)
# With a page size the paginator sends StreamName with NextToken, which Kinesis refuses
# (botocore issue 2009): Tributary answers as Kinesis does.
try:
    shards.paginate(StreamName=stream, PaginationConfig={"PageSize": 2}).build_full_result()
    raise AssertionError("ListShards accepted StreamName with NextToken")
except ClientError as error:
    check(error.response["Error"]["Code"] == "InvalidArgumentException", error.response)
    check(error.response["Error"]["Message"] == "NextToken and StreamName cannot be provided together.", error.response)
# Paging by NextToken alone, as the API asks.
page = kinesis.list_shards(StreamName=stream, MaxResults=2)
seen = [s["ShardId"] for s in page["Shards"]]
while "NextToken" in page:
    page = kinesis.list_shards(NextToken=page["NextToken"], MaxResults=2)
    seen += [s["ShardId"] for s in page["Shards"]]
check(seen == all_ids, seen)

names = kinesis.get_paginator("list_streams").paginate(PaginationConfig={"PageSize": 1}).build_full_result()
check(names["StreamNames"] == ["boto-0", "boto-1", "boto-2"], names)

described = kinesis.get_paginator("describe_stream").paginate(
    StreamName=stream, PaginationConfig={"PageSize": 2}).build_full_result()
check([s["ShardId"] for s in described["StreamDescription"]["Shards"]] == all_ids, described)
arn = described["StreamDescription"]["StreamARN"]

for index in range(3):
    kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="consumer-%d" % index)
consumers = kinesis.get_paginator("list_stream_consumers").paginate(
    StreamARN=arn, PaginationConfig={"PageSize": 1}).build_full_result()
check(sorted(c["ConsumerName"] for c in consumers["Consumers"]) == ["consumer-0", "consumer-1", "consumer-2"], consumers)

first_shard = described["StreamDescription"]["Shards"][0]["HashKeyRange"]
middle = (int(first_shard["StartingHashKey"]) + int(first_shard["EndingHashKey"])) // 2
kinesis.split_shard(StreamName=stream, ShardToSplit="shardId-000000000000", NewStartingHashKey=str(middle))
kinesis.get_waiter("stream_exists").wait(StreamName=stream, WaiterConfig=fast)
after = kinesis.list_shards(StreamName=stream)["Shards"]
check(len(after) == 7, after)
check(sum(1 for s in after if s.get("ParentShardId") == "shardId-000000000000") == 2, after)

for index in range(3):
    kinesis.delete_stream(StreamName="boto-%d" % index, EnforceConsumerDeletion=True)
    kinesis.get_waiter("stream_not_exists").wait(StreamName="boto-%d" % index, WaiterConfig=fast)
check(kinesis.list_streams()["StreamNames"] == [], "streams left")
try:
    kinesis.describe_stream(StreamName=stream)
    raise AssertionError("deleted stream still described")
except kinesis.exceptions.ResourceNotFoundException:
    pass
print("boto3 loop passed")
