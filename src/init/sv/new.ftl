### {title}: referenstexten. Ett meddelande per avsnitt i policyns källa;
### värdet är rubriken, varje block ett attribut.

policy = {title}
    .intro = En mening om vad den här policyn är till för.

scope = Omfattning
    .text = Vem och vad den här policyn gäller för, och från när.
