// Package reference gives tests access to the shared reference set (real tokenizer files, corpus and golden
// outputs of Hugging Face tokenizers). The set lives outside the repository; tests skip with a clear message
// when it is absent so that an outside clone still passes its own tests.
package reference
