// Command tokenizerd serves exact Hugging Face tokenization over a unix socket, one WebAssembly sandbox per
// model.
//
//	tokenizerd [serve]                                   run the service (configuration from the environment)
//	tokenizerd encode --model M [--add-special-tokens] [FILE]   print the ids of each input line
//	tokenizerd pull org/name[@revision]…                        fill the models folder ahead of time
package main
