"""SNS Publish: the parameter checks AWS makes and moto 5.2.1 skips (README.md "Corrections of moto", 3).

* `MessageStructure=json` whose Message is not a JSON object of strings, or has no `"default"` key ->
  `InvalidParameter` (`Invalid parameter: Message Structure - No default entry in JSON message body` /
  `... - JSON message body failed to parse`). moto checks the structure only per subscription, so a topic without
  subscribers accepts anything there.
* A `Subject` that is empty or holds line breaks or control characters -> `InvalidParameter`
  (`Invalid parameter: Subject`); moto only rejects one over 100 characters.

A valid call goes on to moto. AWS sources: SNS API Reference, Publish: with MessageStructure `json` the Message must
be a valid JSON object with at least a top-level `default` key whose value is a string; Subject: "UTF-8 text with
no line breaks or control characters, and less than 100 characters long".
"""

import json

from .protocol import AwsError

_STRUCTURE_UNPARSABLE = "Invalid parameter: Message Structure - JSON message body failed to parse"


def check_publish(form):
    """Raises the InvalidParameter AWS answers for this Publish form, if any."""
    subject = form.get("Subject")
    if subject is not None:
        if subject == "" or any(ord(ch) < 32 or ord(ch) == 127 for ch in subject):
            raise AwsError(400, "InvalidParameter", "Invalid parameter: Subject")
    if form.get("MessageStructure") == "json":
        try:
            structured = json.loads(form.get("Message", ""))
        except ValueError:
            raise AwsError(400, "InvalidParameter", _STRUCTURE_UNPARSABLE)
        if not isinstance(structured, dict):
            raise AwsError(400, "InvalidParameter", _STRUCTURE_UNPARSABLE)
        if "default" not in structured:
            raise AwsError(400, "InvalidParameter",
                           "Invalid parameter: Message Structure - No default entry in JSON message body")
        if not all(isinstance(v, str) for v in structured.values()):
            raise AwsError(400, "InvalidParameter", _STRUCTURE_UNPARSABLE)


def publish(app, req, start_response):
    """awsQuery Publish: an error if AWS would refuse it, else None (moto answers)."""
    check_publish(req.form)
    return None
