"""Django's own messages that its Vietnamese catalogue leaves untranslated.

Naming them here with gettext_noop puts them into our catalogue (locale/vi), which takes
precedence over Django's, so users never see an English error in the Vietnamese interface.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    gettext_noop("Null characters are not allowed."),
    gettext_noop("Enter a valid UUID."),
    gettext_noop("Value must be valid JSON."),
    gettext_noop("Enter a valid JSON."),
    gettext_noop("Enter a complete value."),
    gettext_noop("Enter a valid duration."),
    gettext_noop("That page number is not an integer"),
    gettext_noop("That page number is less than 1"),
    gettext_noop("That page contains no results"),
    gettext_noop("Forbidden"),
    gettext_noop("CSRF verification failed. Request aborted."),
    gettext_noop("Date out of range"),
    gettext_noop("“%(value)s” value must be an integer."),
    gettext_noop("“%(value)s” value must be either True or False."),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop("This is not a valid IPv6 address."),
    gettext_noop(
        "File extension “%(extension)s” is not allowed. Allowed extensions are: "
        "%(allowed_extensions)s."
    ),
]

# Django 5.2 changed this msgid (%d instead of %(min_length)d); its catalogue has only the old one.
PLURAL_MESSAGES = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
]


# Django REST framework's messages that its Vietnamese catalogue leaves untranslated.
DRF_MESSAGES = [
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop("A server error occurred."),
    gettext_noop("A valid integer is required."),
    gettext_noop("A valid number is required."),
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("Datetime has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Datetime value out of range."),
    gettext_noop("Ensure this field has at least {min_length} characters."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    gettext_noop("Ensure this filename has at most {max_length} characters (it has {length})."),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("Ensure this value is less than or equal to {max_value}."),
    gettext_noop("Expected a date but got a datetime."),
    gettext_noop("Expected a datetime but got a date."),
    gettext_noop('Expected a dictionary of items but got type "{input_type}".'),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("Incorrect type. Expected pk value, received {data_type}."),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop('Invalid datetime for the timezone "{timezone}".'),
    gettext_noop("Invalid input."),
    gettext_noop("Invalid page."),
    gettext_noop('Invalid pk "{pk_value}" - object does not exist.'),
    gettext_noop("Invalid token header. No credentials provided."),
    gettext_noop("Invalid token header. Token string should not contain invalid characters."),
    gettext_noop("Invalid token header. Token string should not contain spaces."),
    gettext_noop("Invalid token."),
    gettext_noop("Invalid value."),
    gettext_noop("Malformed request."),
    gettext_noop("Must be a valid UUID."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("No file was submitted."),
    gettext_noop("No filename could be determined."),
    gettext_noop("Not a valid string."),
    gettext_noop("Request was throttled."),
    gettext_noop("String value too large."),
    gettext_noop("Surrogate characters are not allowed: U+{code_point:X}."),
    gettext_noop("The fields {field_names} must make a unique set."),
    gettext_noop("The submitted data was not a file. Check the encoding type on the form."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("This field is required."),
    gettext_noop("This field may not be null."),
    gettext_noop("This field must be unique."),
    gettext_noop("This selection may not be empty."),
    gettext_noop("This value does not match the required pattern."),
    gettext_noop("Time has wrong format. Use one of these formats instead: {format}."),
    gettext_noop('Unsupported media type "{media_type}" in request.'),
    gettext_noop(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ),
    gettext_noop("A page number within the paginated result set."),
    gettext_noop("Which field to use when ordering the results."),
    gettext_noop("Number of results to return per page."),
    gettext_noop("Integer value too large to convert to float"),
    gettext_noop("Expected available in {wait} second."),
]
