"""Assertion helper for the tests: the AwsError a call raises."""

from emulator.protocol import AwsError


def refused(test, call, status, code):
    """The message of the AwsError `call()` raises, after checking its HTTP status and error code."""
    with test.assertRaises(AwsError) as e:
        call()
    test.assertEqual((status, code), (e.exception.status, e.exception.code))
    return e.exception.message
