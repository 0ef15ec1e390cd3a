### {title}: the reference text. One message per section of the policy's
### source; its value is the heading, each block an attribute.

policy = {title}
    .intro = One sentence that says what this policy is for.

scope = Scope
    .text = Who and what this policy applies to, and from when.
